package kdlab.datasets.noise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The exact Poisson sampler's float32 CDF ends up to ~7e-7 short of 1 at some rates; before the fix, a
 * uniform draw above it counted to the last inversion step. At a rate of 19.595 (20 photons, x = 0.97977)
 * 2·10⁷ draws gave 9 counts of 60 or more, where a Poisson variable exceeds 55 with probability below 1e-11.
 */
class PoissonTailTest {
    @Test
    void noDrawRunsToTheLastInversionStep() {
        Noise noise = new PoissonNoise(20);
        Engine.getInstance().setRandomSeed(99);
        float worst = 0;
        for (int chunk = 0; chunk < 10; chunk++) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.full(new Shape(2_000_000), 0.97977f);
                worst = Math.max(worst, noise.apply(x).max().getFloat() * 20);
            }
        }
        assertTrue(worst < 55, "largest photon count in 2e7 draws at rate 19.6: " + worst);
    }
}
