package kdlab.datasets.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import kdlab.datasets.DataException;
import org.junit.jupiter.api.Test;

/** Each noise's first two moments against theory on 200k values, and the spec parser's errors. */
class NoiseTest {
    private static final int N = 200_000;

    private static double mean(NDArray a) {
        return a.mean().getFloat();
    }

    private static double variance(NDArray a) {
        double mu = mean(a);
        return a.sub((float) mu).square().mean().getFloat();
    }

    @Test
    void gaussianAddsZeroMeanNoiseOfVarianceSigmaSquared() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            NDArray clean = m.randomUniform(0, 1, new Shape(N));
            NDArray diff = Noise.parse("gaussian:0.5").apply(clean).sub(clean);
            assertEquals(0.0, mean(diff), 0.005);
            assertEquals(0.25, variance(diff), 0.005);
        }
    }

    @Test
    void poissonIsUnbiasedWithVarianceXOverPhotons() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            NDArray clean = m.full(new Shape(N), 0.4f);
            NDArray noisy = Noise.parse("poisson:50").apply(clean);
            assertEquals(0.4, mean(noisy), 0.002);
            assertEquals(0.4 / 50, variance(noisy), 0.0004);
            float[] v = noisy.mul(50f).toFloatArray();
            for (int i = 0; i < 1000; i++) {
                assertEquals(Math.rint(v[i]), v[i], 1e-3, "photon counts are integers");
            }
        }
    }

    @Test
    void poissonAtHighPhotonCountsUsesTheNormalApproximationWithTheRightMoments() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(8);
            NDArray noisy = Noise.parse("poisson:1000").apply(m.full(new Shape(N), 0.5f));
            assertEquals(0.5, mean(noisy), 0.001);
            assertEquals(0.5 / 1000, variance(noisy), 0.00002);
        }
    }

    @Test
    void saltPepperSetsAFractionPToZeroOrOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray clean = m.full(new Shape(N), 0.5f);
            NDArray noisy = Noise.parse("saltpepper:0.2").apply(clean);
            double zeros = noisy.eq(0f).sum().getLong() / (double) N;
            double ones = noisy.eq(1f).sum().getLong() / (double) N;
            double kept = noisy.eq(0.5f).sum().getLong() / (double) N;
            assertEquals(0.1, zeros, 0.004);
            assertEquals(0.1, ones, 0.004);
            assertEquals(1.0, zeros + ones + kept, 1e-9);
        }
    }

    @Test
    void sameSeedSameDraw() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray clean = m.zeros(new Shape(1000));
            Engine.getInstance().setRandomSeed(9);
            float[] a = Noise.parse("gaussian:1").apply(clean).toFloatArray();
            Engine.getInstance().setRandomSeed(9);
            float[] b = Noise.parse("gaussian:1").apply(clean).toFloatArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, 0f);
        }
    }

    @Test
    void specErrorsNameTheSpecAndTheForms() {
        DataException typo = assertThrows(DataException.class, () -> Noise.parse("gausian:0.1"));
        assertTrue(typo.getMessage().startsWith("--noise 'gausian:0.1': unknown noise 'gausian'; expected gaussian:SIGMA"), typo.getMessage());
        DataException negative = assertThrows(DataException.class, () -> Noise.parse("gaussian:-1"));
        assertEquals("--noise gaussian: expected SIGMA >= 0, found -1.0", negative.getMessage());
        DataException text = assertThrows(DataException.class, () -> Noise.parse("gaussian:abc"));
        assertEquals("--noise 'gaussian:abc': expected a number after 'gaussian:', found 'abc'", text.getMessage());
        assertThrows(DataException.class, () -> Noise.parse("poisson:0"));
        assertThrows(DataException.class, () -> Noise.parse("saltpepper:1.5"));
        assertThrows(DataException.class, () -> Noise.parse("gaussian"));
        assertEquals("gaussian:0.25", Noise.parse(" Gaussian:0.25 ").spec());
        assertEquals("none", Noise.parse("none").spec());
    }
}
