package kdlab.engine.report;

import java.util.Locale;

/**
 * The two decision rules of the claim tests, fixed before any run: an effect is believed when it lies more
 * than {@code sigmas} standard errors from zero (or, for an equivalence claim, from the tolerance) and at
 * least {@code min_seeds} seeds stand behind it. Pure functions, so each outcome is tested on numbers.
 */
public final class DecisionRule {
    private DecisionRule() {}

    /**
     * @param effect the effect, signed so that positive supports the claim
     * @param se its standard error (NaN when it cannot be estimated: inconclusive)
     * @param n the seeds (or pairs) behind it
     * @param minSeeds the fewest seeds that may decide
     * @param sigmas how many standard errors the effect must clear
     * @return {@link Verdict#HOLDS} when n &ge; minSeeds and effect &gt; sigmas*se, {@link Verdict#DOES_NOT_HOLD}
     *     when n &ge; minSeeds and effect &lt; -sigmas*se, else {@link Verdict#INCONCLUSIVE}
     */
    public static String signed(double effect, double se, int n, int minSeeds, double sigmas) {
        if (n < minSeeds || Double.isNaN(effect) || Double.isNaN(se)) {
            return Verdict.INCONCLUSIVE;
        }
        if (effect > sigmas * se) {
            return Verdict.HOLDS;
        }
        if (effect < -sigmas * se) {
            return Verdict.DOES_NOT_HOLD;
        }
        return Verdict.INCONCLUSIVE;
    }

    /**
     * @param mean the mean difference
     * @param se its standard error
     * @param n the pairs behind it
     * @param minSeeds the fewest pairs that may decide
     * @param sigmas how many standard errors of margin
     * @param tolerance the largest difference still called equal
     * @return {@link Verdict#HOLDS} when |mean| + sigmas*se &le; tolerance, {@link Verdict#DOES_NOT_HOLD} when
     *     |mean| - sigmas*se &gt; tolerance (both need n &ge; minSeeds), else {@link Verdict#INCONCLUSIVE}
     */
    public static String within(double mean, double se, int n, int minSeeds, double sigmas, double tolerance) {
        if (n < minSeeds || Double.isNaN(mean) || Double.isNaN(se)) {
            return Verdict.INCONCLUSIVE;
        }
        if (Math.abs(mean) + sigmas * se <= tolerance) {
            return Verdict.HOLDS;
        }
        if (Math.abs(mean) - sigmas * se > tolerance) {
            return Verdict.DOES_NOT_HOLD;
        }
        return Verdict.INCONCLUSIVE;
    }

    /**
     * @param v a value
     * @return it with four decimals and a sign, or "n/a"
     */
    static String signedNumber(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.4f", v) : "n/a";
    }

    /**
     * @param v a value
     * @return it with four decimals, or "n/a"
     */
    static String plain(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }

    /**
     * @param v a rule parameter
     * @return it without a needless ".0"
     */
    static String param(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
