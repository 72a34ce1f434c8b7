package kdlab.datasets.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PoissonNoise}'s draws against the exact Poisson pmf (computed in double here), 10⁶ draws per rate, at rates
 * from 0 to 200 that cover its regimes: the exact counts 0 and 1, the Cornish–Fisher quantile above them with its
 * second-order term held at small rates, and large rates where that quantile is all but exact.
 *
 * <p>Each rate is checked against bounds made of two parts. The sampler's own error, the model bound, is the
 * largest found over a fine grid of rates in that regime from the exact pmf of the sampler's map (a float64
 * quadrature of 8·10⁶ normal quantiles, see {@link PoissonNoise}):
 *
 * <pre>
 *   rate λ         total variation   |mean − λ|   |variance/λ − 1|
 *   (0, 0.5]       0.0003            0.0002       0.005
 *   (0.5, 1]       0.001             0.0015       0.01
 *   (1, 10]        0.0025            0.0025       0.012
 *   (10, 20]       0.0005            0.0001       0.0001
 *   above 20       0.0002            0.00001      0.00001
 * </pre>
 *
 * The second part is the sampling error of 10⁶ draws: 5 standard errors for the mean, the variance and the
 * probabilities of the exact counts 0 and 1 (a correct sampler fails one with probability below 10⁻⁶); for the
 * total-variation distance, its expectation for a sample of the exact pmf, at most ½Σₖ√(pₖ(1 − pₖ)/N) by Jensen,
 * plus √(ln 10⁶/(2N)) = 0.0026, which by McDiarmid's inequality it exceeds with probability below 10⁻⁶ (one draw
 * moves it by at most 1/N). The exact counts 0 and 1 get 3·10⁻⁶ more for the sampler's margin and float32
 * rounding of u. Above λ = 20 the sampler is also statistically indistinguishable from the exact pmf: a chi-square
 * test (classes pooled to an expected 20 draws) at level 10⁻⁶, whose non-centrality there is at most 1.6.
 */
class PoissonDistributionTest {
    private static final int N = 1_000_000;
    private static final double Z = 5;
    /** The normal quantile of 1 − 10⁻⁶, for the chi-square critical value. */
    private static final double Z_CHI_SQUARE = 4.753;

    /** The model bounds of the class comment: total variation, mean and relative variance error up to a rate. */
    private static double[] modelBounds(double lambda) {
        if (lambda <= 0.5) {
            return new double[] {0.0003, 0.0002, 0.005};
        } else if (lambda <= 1) {
            return new double[] {0.001, 0.0015, 0.01};
        } else if (lambda <= 10) {
            return new double[] {0.0025, 0.0025, 0.012};
        } else if (lambda <= 20) {
            return new double[] {0.0005, 0.0001, 0.0001};
        }
        return new double[] {0.0002, 0.00001, 0.00001};
    }

    /** Photon counts of N draws of one pixel value x at a photon budget k, read back from the noisy values. */
    private static long[] counts(double photons, float x, int seed) {
        float[] noisy;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(seed);
            noisy = new PoissonNoise(photons).apply(m.full(new Shape(N), x)).toFloatArray();
        }
        long[] counts = new long[N];
        for (int i = 0; i < N; i++) {
            double count = noisy[i] * photons;
            counts[i] = Math.round(count);
            if (Math.abs(count - counts[i]) > 1e-3 || counts[i] < 0) {
                fail("poisson:" + photons + " at x = " + x + ": " + noisy[i] + " is not a photon count over " + photons);
            }
        }
        return counts;
    }

    /** Poisson(λ) probabilities of 0..kmax, by the recurrence pₖ = pₖ₋₁·λ/k from e^−λ (no underflow up to λ = 700). */
    private static double[] poissonPmf(double lambda, int kmax) {
        double[] p = new double[kmax + 1];
        p[0] = Math.exp(-lambda);
        for (int k = 1; k <= kmax; k++) {
            p[k] = p[k - 1] * lambda / k;
        }
        return p;
    }

    @ParameterizedTest(name = "rate {0}")
    @CsvSource({
        // rate λ = photons·x; photons, x. x = 1 makes λ exactly the photon count; 50 × 0.3 checks a fractional x.
        "0.05, 0.05, 1", "0.5, 0.5, 1", "1, 1, 1", "2, 2, 1", "3, 3, 1", "5, 5, 1", "10, 10, 1", "15, 50, 0.3",
        "20, 20, 1", "50, 50, 1", "200, 200, 1"
    })
    void drawsMatchThePoissonPmf(double nominalRate, double photons, float x) {
        // The rate the sampler sees: its float32 product of the clipped value and the photon count.
        double lambda = (float) photons * Math.min(Math.max(x, 0f), 1f);
        assertEquals(nominalRate, lambda, 1e-5, "the case list's rate");
        long[] counts = counts(photons, x, 31);
        int kmax = (int) Math.ceil(lambda + 20 * Math.sqrt(lambda) + 30);
        long[] histogram = new long[kmax + 2];
        double mean = 0;
        for (long c : counts) {
            histogram[(int) Math.min(c, kmax + 1)]++;
            mean += c;
        }
        mean /= N;
        double variance = 0;
        for (long c : counts) {
            variance += (c - mean) * (c - mean);
        }
        variance /= N - 1;
        double[] p = poissonPmf(lambda, kmax);
        double[] model = modelBounds(lambda);
        String where = "poisson:" + photons + " at x = " + x + " (rate " + lambda + ")";

        for (int k = 0; k <= 1; k++) {
            double error = Z * Math.sqrt(p[k] * (1 - p[k]) / N) + 3e-6;
            assertEquals(p[k], histogram[k] / (double) N, error, "P(X = " + k + "), exact, of " + where);
        }
        assertEquals(lambda, mean, model[1] + Z * Math.sqrt(lambda / N), "mean of " + where);
        double varianceError = model[2] * lambda + Z * Math.sqrt((lambda + 2 * lambda * lambda) / N);
        assertEquals(lambda, variance, varianceError, "variance of " + where);

        double tv = histogram[kmax + 1] / (double) N;
        double expectedSamplingTv = 0;
        for (int k = 0; k <= kmax; k++) {
            tv += Math.abs(histogram[k] / (double) N - p[k]);
            expectedSamplingTv += Math.sqrt(p[k] * (1 - p[k]) / N);
        }
        tv /= 2;
        double tvBound = model[0] + expectedSamplingTv / 2 + Math.sqrt(Math.log(1e6) / (2 * N));
        assertTrue(tv <= tvBound, "total-variation distance of " + where + " is " + tv + ", bound " + tvBound);

        if (lambda > 20) {
            double[] chiSquare = chiSquare(histogram, p, kmax);
            double df = chiSquare[1];
            double critical = df * Math.pow(1 - 2 / (9 * df) + Z_CHI_SQUARE * Math.sqrt(2 / (9 * df)), 3);
            assertTrue(chiSquare[0] < critical, "chi-square of " + where + " is " + chiSquare[0] + " on " + df + " degrees of freedom, critical " + critical);
        }
    }

    /**
     * Pearson's statistic over classes pooled left to right to an expected count of 20 or more (a short last
     * class joins the one before), and its degrees of freedom.
     */
    private static double[] chiSquare(long[] histogram, double[] p, int kmax) {
        double tail = Math.max(0, 1 - Arrays.stream(p).sum());
        List<double[]> classes = new ArrayList<>();
        double expected = 0;
        long observed = 0;
        for (int k = 0; k <= kmax + 1; k++) {
            expected += (k <= kmax ? p[k] : tail) * N;
            observed += histogram[k];
            if (expected >= 20) {
                classes.add(new double[] {observed, expected});
                expected = 0;
                observed = 0;
            }
        }
        double[] last = classes.get(classes.size() - 1);
        last[0] += observed;
        last[1] += expected;
        double statistic = 0;
        for (double[] c : classes) {
            statistic += (c[0] - c[1]) * (c[0] - c[1]) / c[1];
        }
        return new double[] {statistic, classes.size() - 1};
    }

    @Test
    void rateZeroIsExactlyZero() {
        // λ = 0 must not only be rare photons: Poisson(0) is 0 with certainty, at any photon budget.
        for (double photons : new double[] {0.5, 1, 50, 1000}) {
            long[] counts = counts(photons, 0f, 32);
            assertTrue(Arrays.stream(counts).allMatch(c -> c == 0), "poisson:" + photons + " at x = 0 draws only zeros");
        }
    }

    @Test
    void tinyRatesDrawOneWithTheirProbability() {
        // λ = 10⁻⁴: P(X ≥ 1) = 9.9995·10⁻⁵, about 100 of 10⁶; the exact test for X ≥ 1 resolves it.
        long[] counts = counts(1e-4, 1f, 33);
        long ones = Arrays.stream(counts).filter(c -> c == 1).count();
        long more = Arrays.stream(counts).filter(c -> c > 1).count();
        double expected = N * (1 - Math.exp(-1e-4));
        assertEquals(expected, ones, Z * Math.sqrt(expected), "draws of 1 at rate 1e-4");
        assertEquals(0, more, "P(X ≥ 2) at rate 1e-4 is 5e-9: none in 1e6 draws");
    }

    @Test
    void sameSeedSameDrawOtherSeedOtherDraw() {
        float[][] draws = new float[3][];
        int[] seeds = {7, 7, 8};
        for (int i = 0; i < 3; i++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(100);
                NDArray clean = m.randomUniform(0f, 1f, new Shape(10_000));
                Engine.getInstance().setRandomSeed(seeds[i]);
                draws[i] = new PoissonNoise(4).apply(clean).toFloatArray();
            }
        }
        assertArrayEquals(draws[0], draws[1], 0f, "the same engine seed gives the same draw");
        assertFalse(Arrays.equals(draws[0], draws[2]), "another seed gives another draw");
    }

    @Test
    void theInputStaysIntactWithItsManagerAndTheResultJoinsIt() {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(34);
                NDArray clean = m.randomUniform(-0.5f, 1.5f, new Shape(1000)).toType(type, false);
                double[] before = clean.toType(DataType.FLOAT64, false).toDoubleArray();
                NDArray noisy = new PoissonNoise(10).apply(clean);
                assertSame(m, clean.getManager(), "the input is back with its manager");
                assertSame(m, noisy.getManager(), "the result is the input manager's");
                assertEquals(type, noisy.getDataType(), "the result has the input's data type");
                assertArrayEquals(before, clean.toType(DataType.FLOAT64, false).toDoubleArray(), 0, "the input is unchanged");
                for (double v : noisy.toType(DataType.FLOAT64, false).toDoubleArray()) {
                    assertEquals(Math.rint(v * 10), v * 10, 1e-3, "a photon count over 10");
                }
            }
        }
    }
}
