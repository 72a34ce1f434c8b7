package kdlab.datasets.noise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The far upper tail of {@link PoissonNoise} over 2·10⁷ draws at a rate of 19.595 (20 photons, x = 0.97977), where
 * a Poisson variable exceeds 55 with probability below 10⁻¹¹ and reaches 40 with probability 3·10⁻⁵.
 *
 * <p>An earlier sampler inverted the CDF by summing it in float32, which can stop up to ~7·10⁻⁷ short of 1; a
 * uniform draw above it counted to the last inversion step, and 2·10⁷ draws gave 9 counts of 60 or more. Today's
 * sampler has no such steps, but its Cornish–Fisher quantile is a polynomial in a normal draw, so the tail must
 * still neither run away (nothing at 55 or more) nor be cut short (about 600 draws of 40 or more are expected; at
 * least one must be there).
 */
class PoissonTailTest {
    @Test
    void theFarTailIsNeitherRunawayNorCutShort() {
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
        assertTrue(worst >= 40, "largest photon count in 2e7 draws at rate 19.6: " + worst);
    }
}
