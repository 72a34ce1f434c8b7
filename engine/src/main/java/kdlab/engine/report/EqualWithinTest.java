package kdlab.engine.report;

import java.util.List;
import java.util.Set;

/**
 * {@code test: equal_within}: the treatment leaves the metric unchanged up to {@code tolerance}. On the paired
 * differences: holds when |mean| + sigmas * se &le; tolerance, does not hold when |mean| - sigmas * se &gt;
 * tolerance (both with pairs &ge; min_seeds), else inconclusive. This is an equivalence test in the spirit of
 * two one-sided tests (Schuirmann 1987), with the same sigmas as the other rules.
 */
final class EqualWithinTest implements ClaimTest {
    private static final Set<String> KEYS = with(PairedDifferences.KEYS, "tolerance");

    /** {@inheritDoc} */
    @Override
    public Set<String> keys() {
        return KEYS;
    }

    /** {@inheritDoc} */
    @Override
    public Verdict decide(ClaimSpec spec, List<ResultRow> rows) {
        double tolerance = spec.number("tolerance");
        if (tolerance < 0) {
            throw spec.error("tolerance: expected a number of at least 0, found " + tolerance);
        }
        PairedDifferences pairs = PairedDifferences.of(spec, rows);
        String outcome = DecisionRule.within(pairs.mean(), pairs.se(), pairs.n(), spec.minSeeds(), spec.sigmas(), tolerance);
        String s = DecisionRule.param(spec.sigmas());
        String t = DecisionRule.param(tolerance);
        String rule = pairs.compared(spec.metric()) + ": holds if pairs ≥ " + spec.minSeeds() + " and |mean| + " + s + " s.e. ≤ " + t
                + "; does not hold if pairs ≥ " + spec.minSeeds() + " and |mean| − " + s + " s.e. > " + t + "; else inconclusive";
        return new Verdict(spec.id(), spec.claim(), pairs.effect(), outcome, rule);
    }

    private static Set<String> with(Set<String> keys, String key) {
        Set<String> k = new java.util.HashSet<>(keys);
        k.add(key);
        return Set.copyOf(k);
    }
}
