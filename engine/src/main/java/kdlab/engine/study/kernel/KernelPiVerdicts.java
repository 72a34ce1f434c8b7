package kdlab.engine.study.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import kdlab.engine.report.Verdict;

/**
 * The kernel-pi study's claims and the rules that decide them, as studies/kernel-pi.yaml states them before any
 * run (docs/studies.md, kernel-pi). "Wide" is the largest width in the sweep, "narrow" the smallest.
 */
public final class KernelPiVerdicts {
    /** The trajectory tolerance: max over k of ‖u(k) − û(k)‖ / ‖u(0) − z‖. */
    public static final double TRAJECTORY_TOLERANCE = 0.1;
    /** How much further from the prediction the narrow student must be than the wide one. */
    public static final double NARROW_FACTOR = 3;
    /** Iterations to ε agree when they differ by at most this fraction of the prediction, or by {@link #ITERATION_SLACK}. */
    public static final double ITERATION_FRACTION = 0.1;
    /** The absolute allowance on iterations to ε. */
    public static final int ITERATION_SLACK = 2;
    /** The converged fit agrees with α‖t − y‖ within this fraction of ‖y‖ = √n. */
    public static final double FIT_FRACTION = 0.05;
    /** The good-teacher claim needs this many seeds. */
    public static final int MIN_SEEDS = 3;

    /** The teacher kinds the good-teacher claim compares. */
    public static final String GOOD = "good";
    /** The random teacher. */
    public static final String RANDOM = "random";

    private KernelPiVerdicts() {}

    /**
     * @param rows every analysed cell
     * @return the verdicts, in the study file's order
     */
    public static List<Verdict> decide(List<KernelPiRow> rows) {
        return List.of(wideFollows(rows), narrowDeparts(rows), iterations(rows), interpolation(rows), goodTeacher(rows));
    }

    static int wide(List<KernelPiRow> rows) {
        return rows.stream().mapToInt(r -> r.result().width()).max().orElse(0);
    }

    static int narrow(List<KernelPiRow> rows) {
        return rows.stream().mapToInt(r -> r.result().width()).min().orElse(0);
    }

    private static List<KernelPiRow> at(List<KernelPiRow> rows, int width) {
        return rows.stream().filter(r -> r.result().width() == width).toList();
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static Verdict wideFollows(List<KernelPiRow> rows) {
        String rule = String.format(Locale.ROOT, "at the largest width, max over k of ||u(k) - u_pred(k)|| / ||u(0) - z|| < %.2g in every cell",
                TRAJECTORY_TOLERANCE);
        String claim = "with m large the measured trajectory follows the kernel prediction";
        List<KernelPiRow> w = at(rows, wide(rows));
        if (w.isEmpty()) {
            return new Verdict("wide-follows", claim, "no analysed cells", Verdict.INCONCLUSIVE, rule);
        }
        List<Double> e = w.stream().map(r -> r.result().maxRelativeError()).toList();
        double max = e.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        String effect = String.format(Locale.ROOT, "m = %d: max relative error %.4f at worst, median %.4f (%d cells)", wide(rows), max, median(e), w.size());
        return new Verdict("wide-follows", claim, effect, max < TRAJECTORY_TOLERANCE ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD, rule);
    }

    static Verdict narrowDeparts(List<KernelPiRow> rows) {
        String rule = String.format(Locale.ROOT, "at the smallest width, the median over cells of the max relative error is > %.2g and > %.0fx the"
                + " median at the largest width", TRAJECTORY_TOLERANCE, NARROW_FACTOR);
        String claim = "with small m the measured trajectory visibly departs from the kernel prediction";
        int small = narrow(rows);
        int large = wide(rows);
        if (small == large) {
            return new Verdict("narrow-departs", claim, "only one width in the sweep", Verdict.INCONCLUSIVE, rule);
        }
        double mSmall = median(at(rows, small).stream().map(r -> r.result().maxRelativeError()).toList());
        double mLarge = median(at(rows, large).stream().map(r -> r.result().maxRelativeError()).toList());
        String effect = String.format(Locale.ROOT, "median max relative error %.4f at m = %d against %.4f at m = %d", mSmall, small, mLarge, large);
        boolean holds = mSmall > TRAJECTORY_TOLERANCE && mSmall > NARROW_FACTOR * mLarge;
        return new Verdict("narrow-departs", claim, effect, holds ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD, rule);
    }

    static Verdict iterations(List<KernelPiRow> rows) {
        String rule = String.format(Locale.ROOT, "at the largest width, in every cell where both reach eps = %.2g ||u(0) - z||, the measured and"
                + " predicted iterations differ by at most max(%d, %.0f%% of the prediction); inconclusive when no cell reaches eps",
                CellAnalysis.EPSILON, ITERATION_SLACK, 100 * ITERATION_FRACTION);
        String claim = "the iterations to eps follow from the spectrum of H";
        List<KernelPiRow> both = at(rows, wide(rows)).stream()
                .filter(r -> r.result().measuredIterations() >= 0 && r.result().predictedIterations() >= 0).toList();
        if (both.isEmpty()) {
            return new Verdict("iterations", claim, "no cell reached eps within its steps", Verdict.INCONCLUSIVE, rule);
        }
        int worst = 0;
        boolean holds = true;
        for (KernelPiRow r : both) {
            int d = Math.abs(r.result().measuredIterations() - r.result().predictedIterations());
            worst = Math.max(worst, d);
            holds &= d <= Math.max(ITERATION_SLACK, ITERATION_FRACTION * r.result().predictedIterations());
        }
        String effect = String.format(Locale.ROOT, "largest difference %d iterations over %d cells (predicted %d to %d)", worst, both.size(),
                both.stream().mapToInt(r -> r.result().predictedIterations()).min().orElseThrow(),
                both.stream().mapToInt(r -> r.result().predictedIterations()).max().orElseThrow());
        return new Verdict("iterations", claim, effect, holds ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD, rule);
    }

    static Verdict interpolation(List<KernelPiRow> rows) {
        String rule = String.format(Locale.ROOT, "at the largest width, | ||u(K) - y|| - alpha ||t - y|| | <= %.2g ||y|| in every cell, and for"
                + " each teacher and seed ||u(K) - y|| does not decrease as alpha grows (by more than %.2g ||y||)", FIT_FRACTION, FIT_FRACTION);
        String claim = "the converged fit interpolates between the labels and the teacher as alpha grows";
        List<KernelPiRow> w = at(rows, wide(rows));
        if (w.isEmpty()) {
            return new Verdict("interpolation", claim, "no analysed cells", Verdict.INCONCLUSIVE, rule);
        }
        double worst = 0;
        for (KernelPiRow r : w) {
            worst = Math.max(worst, Math.abs(r.result().fitToLabels() - r.result().predictedFitToLabels()) / r.result().labelNorm());
        }
        boolean monotone = true;
        Map<String, List<KernelPiRow>> groups = w.stream().collect(Collectors.groupingBy(r -> r.teacher() + "/" + r.seed(), TreeMap::new, Collectors.toList()));
        for (List<KernelPiRow> g : groups.values()) {
            List<KernelPiRow> sorted = new ArrayList<>(g);
            sorted.sort(Comparator.comparingDouble(r -> r.result().alpha()));
            for (int i = 1; i < sorted.size(); i++) {
                CellResult a = sorted.get(i - 1).result();
                CellResult b = sorted.get(i).result();
                monotone &= b.fitToLabels() >= a.fitToLabels() - FIT_FRACTION * a.labelNorm();
            }
        }
        String effect = String.format(Locale.ROOT, "largest | ||u(K) - y|| - alpha ||t - y|| | = %.2e ||y|| over %d cells; %s in alpha", worst, w.size(),
                monotone ? "non-decreasing" : "decreasing somewhere");
        return new Verdict("interpolation", claim, effect, worst <= FIT_FRACTION && monotone ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD, rule);
    }

    static Verdict goodTeacher(List<KernelPiRow> rows) {
        String rule = String.format(Locale.ROOT, "at the largest width and every alpha > 0, over >= %d seeds paired by seed, the mean of"
                + " (random - good) exceeds twice its standard error for both sqrt(z^T H^-1 z) and the test error: holds; below minus twice"
                + " its standard error for either at some alpha: does not hold; otherwise inconclusive", MIN_SEEDS);
        String claim = "a good teacher lowers sqrt(z^T H^-1 z) and the test error against a random teacher";
        List<KernelPiRow> w = at(rows, wide(rows));
        Map<Double, List<KernelPiRow>> byAlpha = w.stream().filter(r -> r.result().alpha() > 0)
                .collect(Collectors.groupingBy(r -> r.result().alpha(), TreeMap::new, Collectors.toList()));
        List<String> effects = new ArrayList<>();
        boolean allHold = !byAlpha.isEmpty();
        boolean anyOpposite = false;
        for (var entry : byAlpha.entrySet()) {
            Map<String, CellResult> good = new TreeMap<>();
            Map<String, CellResult> random = new TreeMap<>();
            for (KernelPiRow r : entry.getValue()) {
                if (GOOD.equals(r.teacher())) {
                    good.put(r.seed(), r.result());
                } else if (RANDOM.equals(r.teacher())) {
                    random.put(r.seed(), r.result());
                }
            }
            List<Double> dCap = new ArrayList<>();
            List<Double> dErr = new ArrayList<>();
            for (String seed : good.keySet()) {
                if (random.containsKey(seed)) {
                    dCap.add(random.get(seed).capacity() - good.get(seed).capacity());
                    dErr.add(random.get(seed).testError() - good.get(seed).testError());
                }
            }
            if (dCap.size() < MIN_SEEDS) {
                allHold = false;
                effects.add(String.format(Locale.ROOT, "alpha %.2f: %d paired seeds", entry.getKey(), dCap.size()));
                continue;
            }
            double[] cap = meanSe(dCap);
            double[] err = meanSe(dErr);
            allHold &= cap[0] > 2 * cap[1] && err[0] > 2 * err[1];
            anyOpposite |= cap[0] < -2 * cap[1] || err[0] < -2 * err[1];
            effects.add(String.format(Locale.ROOT, "alpha %.2f: capacity random - good %+.3f ± %.3f, test error %+.4f ± %.4f (mean ± s.e., %d seeds)",
                    entry.getKey(), cap[0], cap[1], err[0], err[1], dCap.size()));
        }
        String outcome = anyOpposite ? Verdict.DOES_NOT_HOLD : allHold ? Verdict.HOLDS : Verdict.INCONCLUSIVE;
        return new Verdict("good-teacher", claim, effects.isEmpty() ? "no cells with alpha > 0" : String.join("; ", effects), outcome, rule);
    }

    private static double[] meanSe(List<Double> v) {
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return new double[] {mean, Math.sqrt(ss / (v.size() - 1) / v.size())};
    }
}
