package kdlab.datasets.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Poisson noise at the ends of the pixel range (0, and values above 1 that the model clips), at small and large
 * photon budgets, and salt-and-pepper's changed fraction, salt/pepper split and pass-through.
 *
 * <p>Statistical tolerances are 5 standard errors of the estimate on N = 10⁶ draws: a correct sampler fails one
 * of them with probability below 10⁻⁶, while an error of a few percent in a moment is many standard errors.
 */
class NoiseEdgeCasesTest {
    private static final int N = 1_000_000;
    private static final double Z = 5;

    /** Exact checks (no tolerance) need fewer draws than moments. */
    private static final int N_EXACT = 100_000;

    private static float[] draw(String spec, float x, int seed, int n) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(seed);
            return Noise.parse(spec).apply(m.full(new Shape(n), x)).toFloatArray();
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "1, -0.5", "25, 0", "25, -0.5", "1000, 0", "1000, -0.5"})
    void poissonOfABlackPixelIsExactlyZero(double photons, float x) {
        // Poisson(0) is 0 with certainty; values below 0 clip to 0 first.
        float[] noisy = draw("poisson:" + photons, x, 11, N_EXACT);
        for (int i = 0; i < N_EXACT; i++) {
            if (Float.floatToIntBits(noisy[i]) != Float.floatToIntBits(0f)) {
                fail("poisson:" + photons + " at x = " + x + ": draw " + i + " is " + noisy[i] + ", expected exactly +0");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 25})
    void poissonClipsValuesAboveOneToAWhitePixel(double photons) {
        // The documented model clips x to [0, 1] before Poisson(k·x)/k, so 1.5 and 2 must be the very same draw as 1.
        float[] white = draw("poisson:" + photons, 1f, 12, N_EXACT);
        assertArrayEquals(white, draw("poisson:" + photons, 1.5f, 12, N_EXACT), 0f, "x = 1.5 is drawn as x = 1");
        assertArrayEquals(white, draw("poisson:" + photons, 2f, 12, N_EXACT), 0f, "x = 2 is drawn as x = 1");
    }

    @ParameterizedTest
    @CsvSource({"1, 1.5", "1, 2", "25, 1.5", "25, 2"})
    void poissonAboveOneHasTheMomentsOfAWhitePixel(double photons, float x) {
        float[] noisy = draw("poisson:" + photons, x, 13, N);
        double lambda = photons; // the rate of the clipped value 1
        double mean = 0;
        for (float v : noisy) {
            mean += v;
            double count = v * photons;
            if (Math.abs(count - Math.rint(count)) > 1e-3) {
                fail("poisson:" + photons + " at x = " + x + ": " + v + " is not a photon count over " + photons);
            }
        }
        mean /= N;
        double variance = 0;
        for (float v : noisy) {
            variance += (v - mean) * (v - mean);
        }
        variance /= N - 1;
        // Moments of Poisson(λ)/k: mean λ/k, variance λ/k²; the sample variance's variance is (μ₄ − σ⁴)/N with the
        // Poisson's μ₄ = λ + 3λ², all in counts², divided by k⁴.
        double expectedMean = lambda / photons;
        double expectedVariance = lambda / (photons * photons);
        double meanError = Math.sqrt(expectedVariance / N);
        double varianceError = Math.sqrt((lambda + 2 * lambda * lambda) / N) / (photons * photons);
        // The sampler's own moment errors (PoissonDistributionTest's model bounds): at λ = 1 the mean is within
        // 0.0015 and the variance within 1% of λ; at λ = 25 they are within 10⁻⁵ and 10⁻⁵·λ.
        double meanBias = (lambda <= 1 ? 0.0015 : 1e-5) / photons;
        double varianceBias = (lambda <= 1 ? 0.01 : 1e-5) * lambda / (photons * photons);
        assertEquals(expectedMean, mean, Z * meanError + meanBias, "mean of poisson:" + photons + " at x = " + x);
        assertEquals(expectedVariance, variance, Z * varianceError + varianceBias, "variance of poisson:" + photons + " at x = " + x);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.3})
    void saltPepperChangesAFractionPSplitEvenlyAndPassesTheRestThroughExactly(double p) {
        float[] clean;
        float[] noisy;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(14);
            // Clean values in [0.1, 0.9), never 0 or 1, so a changed value is told apart from a kept one.
            NDArray input = m.randomUniform(0.1f, 0.9f, new Shape(N));
            clean = input.toFloatArray();
            noisy = Noise.parse("saltpepper:" + p).apply(input).toFloatArray();
        }
        long salt = 0;
        long pepper = 0;
        for (int i = 0; i < N; i++) {
            if (noisy[i] == 1f) {
                salt++;
            } else if (noisy[i] == 0f) {
                pepper++;
            } else if (Float.floatToIntBits(noisy[i]) != Float.floatToIntBits(clean[i])) {
                fail("saltpepper:" + p + ": value " + i + " became " + noisy[i] + " from " + clean[i] + ", neither 0, 1 nor itself");
            }
        }
        long changed = salt + pepper;
        // Binomial standard errors: of the changed fraction √(p(1−p)/N), of the salt share among changed √(¼/changed).
        assertEquals(p, changed / (double) N, Z * Math.sqrt(p * (1 - p) / N), "fraction changed by saltpepper:" + p);
        assertEquals(0.5, salt / (double) changed, Z * Math.sqrt(0.25 / changed), "salt share of the changed values at p = " + p);
    }

    @Test
    void saltPepperAtTheEndsOfItsRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(15);
            NDArray input = m.randomUniform(0.1f, 0.9f, new Shape(N));
            float[] clean = input.toFloatArray();
            assertArrayEquals(clean, Noise.parse("saltpepper:0").apply(input).toFloatArray(), 0f, "P = 0 changes nothing");
            float[] all = Noise.parse("saltpepper:1").apply(input).toFloatArray();
            long salt = 0;
            for (float v : all) {
                assertTrue(v == 0f || v == 1f, "P = 1 changes every value, found " + v);
                salt += v == 1f ? 1 : 0;
            }
            assertEquals(0.5, salt / (double) N, Z * Math.sqrt(0.25 / N), "P = 1 splits evenly");
        }
    }
}
