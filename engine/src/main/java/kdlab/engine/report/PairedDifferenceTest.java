package kdlab.engine.report;

import java.util.List;
import java.util.Set;

/**
 * {@code test: paired_difference}: the treatment changes the metric. Effect = mean of treatment - control over
 * pairs, se = sample std / sqrt(pairs); holds when pairs &ge; min_seeds and effect &gt; sigmas * se, does not
 * hold when effect &lt; -sigmas * se. {@code direction: less} claims a decrease instead, flipping the sign
 * the rule sees (the effect is still reported as treatment - control).
 */
final class PairedDifferenceTest implements ClaimTest {
    private static final Set<String> KEYS = with(PairedDifferences.KEYS, Direction.KEY);

    /** {@inheritDoc} */
    @Override
    public Set<String> keys() {
        return KEYS;
    }

    /** {@inheritDoc} */
    @Override
    public Verdict decide(ClaimSpec spec, List<ResultRow> rows) {
        Direction direction = Direction.of(spec);
        PairedDifferences pairs = PairedDifferences.of(spec, rows);
        String outcome = DecisionRule.signed(direction.sign() * pairs.mean(), pairs.se(), pairs.n(), spec.minSeeds(), spec.sigmas());
        String s = DecisionRule.param(spec.sigmas());
        String rule = pairs.compared(spec.metric()) + ": holds if pairs ≥ " + spec.minSeeds() + " and mean " + direction.holdsText(s)
                + "; does not hold if pairs ≥ " + spec.minSeeds() + " and mean " + direction.failsText(s) + "; else inconclusive";
        return new Verdict(spec.id(), spec.claim(), pairs.effect(), outcome, rule);
    }

    private static Set<String> with(Set<String> keys, String key) {
        Set<String> k = new java.util.HashSet<>(keys);
        k.add(key);
        return Set.copyOf(k);
    }
}
