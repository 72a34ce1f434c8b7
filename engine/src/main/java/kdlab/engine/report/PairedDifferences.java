package kdlab.engine.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Treatment minus control on the metric, one difference per pair of finished runs that agree on every other
 * axis and the seed: pairing removes what the two arms share (the seed's data order and initialisation), so
 * the spread left is that of the effect alone.
 *
 * @param axis the axis compared
 * @param treatment its treatment value
 * @param control its control value
 * @param differences one per complete pair, in the control rows' order
 */
record PairedDifferences(String axis, String treatment, String control, double[] differences) {
    /** The keys a paired claim reads. */
    static final Set<String> KEYS = Set.of("axis", "treatment", "control");

    /**
     * @param spec a claim with axis, treatment and control
     * @param rows the sweep's rows
     * @return its pairs
     */
    static PairedDifferences of(ClaimSpec spec, List<ResultRow> rows) {
        String axis = spec.text("axis");
        String treatment = spec.text("treatment");
        String control = spec.text("control");
        ClaimRows.checkAxis(axis, rows, spec::error, "axis");
        List<ResultRow> selected = ClaimRows.selected(spec, rows);
        ClaimRows.checkValue(spec, axis, treatment, "treatment", selected);
        ClaimRows.checkValue(spec, axis, control, "control", selected);
        ClaimRows.checkMetric(spec, selected);
        Map<String, Double> treated = new LinkedHashMap<>();
        Map<String, Double> controls = new LinkedHashMap<>();
        for (ResultRow r : selected) {
            double v = r.number(spec.metric());
            if (!r.done() || !Double.isFinite(v)) {
                continue;
            }
            if (ClaimRows.same(r.value(axis), treatment)) {
                treated.put(key(r, axis), v);
            } else if (ClaimRows.same(r.value(axis), control)) {
                controls.put(key(r, axis), v);
            }
        }
        double[] d = controls.entrySet().stream().filter(e -> treated.containsKey(e.getKey()))
                .mapToDouble(e -> treated.get(e.getKey()) - e.getValue()).toArray();
        return new PairedDifferences(axis, treatment, control, d);
    }

    /** Every axis but the compared one, and the seed. */
    private static String key(ResultRow r, String axis) {
        Map<String, String> k = new LinkedHashMap<>(r.axes());
        k.remove(axis);
        k.put(ResultColumns.SEED, r.seed());
        return k.toString();
    }

    /** @return the number of pairs */
    int n() {
        return differences.length;
    }

    /** @return the mean difference */
    double mean() {
        return Stats.mean(differences);
    }

    /** @return its standard error */
    double se() {
        return Stats.standardError(differences);
    }

    /** @return e.g. "+0.0182 ± 0.0041 (mean ± s.e. over 3 pairs; std 0.0071)" */
    String effect() {
        if (differences.length == 0) {
            return "no finished pairs";
        }
        return DecisionRule.signedNumber(mean()) + " ± " + DecisionRule.plain(se()) + " (mean ± s.e. over " + n() + (n() == 1 ? " pair" : " pairs")
                + "; std " + DecisionRule.plain(Stats.sampleStd(differences)) + ")";
    }

    /**
     * @param metric the metric
     * @return what is compared, in words
     */
    String compared(String metric) {
        return metric + " at " + axis + "=" + treatment + " minus " + axis + "=" + control + ", paired by seed and the other axes";
    }
}
