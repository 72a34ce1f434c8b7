package kdlab.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code test: slope}: the metric rises with {@code x} (a numeric axis) or {@code x_metric} (a results column,
 * e.g. teacher_test_accuracy). The least-squares slope of the metric on x over the finished selected rows,
 * with its standard error; holds when the distinct seeds &ge; min_seeds and slope &gt; sigmas * se, does not
 * hold when slope &lt; -sigmas * se; {@code direction: less} claims a falling metric.
 */
final class SlopeTest implements ClaimTest {
    private static final Set<String> KEYS = Set.of("x", "x_metric", Direction.KEY);

    /** {@inheritDoc} */
    @Override
    public Set<String> keys() {
        return KEYS;
    }

    /** {@inheritDoc} */
    @Override
    public Verdict decide(ClaimSpec spec, List<ResultRow> rows) {
        Direction direction = Direction.of(spec);
        String axis = spec.optionalText("x");
        String column = spec.optionalText("x_metric");
        if ((axis == null) == (column == null)) {
            throw spec.error("expected exactly one of x (a numeric axis) and x_metric (a results column), found "
                    + (axis == null ? "neither" : "both"));
        }
        String x = axis != null ? axis : column;
        if (axis != null) {
            ClaimRows.checkAxis(axis, rows, spec::error, "x");
        }
        List<ResultRow> selected = ClaimRows.selected(spec, rows);
        if (axis != null) {
            for (ResultRow r : selected) {
                if (Double.isNaN(r.number(axis))) {
                    throw spec.error("x: expected numeric values of axis '" + axis + "', found '" + r.value(axis) + "' (use x_metric for a results column)");
                }
            }
        } else {
            ClaimRows.checkNumeric(spec, column, "x_metric", selected);
        }
        ClaimRows.checkMetric(spec, selected);
        List<double[]> points = new ArrayList<>();
        Set<String> seeds = new LinkedHashSet<>();
        for (ResultRow r : selected) {
            double xv = r.number(x);
            double yv = r.number(spec.metric());
            if (r.done() && Double.isFinite(xv) && Double.isFinite(yv)) {
                points.add(new double[] {xv, yv});
                seeds.add(r.seed());
            }
        }
        Stats.Fit fit = Stats.slope(points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
        String outcome = DecisionRule.signed(direction.sign() * fit.slope(), fit.standardError(), seeds.size(), spec.minSeeds(), spec.sigmas());
        String effect = points.isEmpty() ? "no finished runs"
                : DecisionRule.signedNumber(fit.slope()) + " ± " + DecisionRule.plain(fit.standardError()) + " per unit of " + x
                        + " (slope ± s.e. over " + fit.n() + " runs, " + seeds.size() + (seeds.size() == 1 ? " seed" : " seeds") + ")";
        String s = DecisionRule.param(spec.sigmas());
        String rule = "least-squares slope of " + spec.metric() + " on " + x + ": holds if seeds ≥ " + spec.minSeeds() + " and slope "
                + direction.holdsText(s) + "; does not hold if seeds ≥ " + spec.minSeeds() + " and slope " + direction.failsText(s)
                + "; else inconclusive";
        return new Verdict(spec.id(), spec.claim(), effect, outcome, rule);
    }
}
