package kdlab.datasets.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import kdlab.datasets.DataException;

/**
 * Photon-count (shot) noise of low-light imaging: each intensity x, clipped to [0, 1], becomes
 * Poisson(k·x)/k for a photon budget k; fewer photons, more noise (variance x/k).
 *
 * <p>DJL's PyTorch engine does not implement {@code samplePoisson}, so the draw is built from basic ops on
 * the device: exact inversion of the Poisson CDF (a fixed number of in-place vectorised steps, no host read) where
 * the rate k·x is at most {@value #EXACT_LIMIT}, and the rounded normal approximation
 * round(λ + √λ·z) above it, where its error in mean and variance is below 1%.
 */
public final class PoissonNoise implements Noise {
    /** Rates up to this are sampled exactly. */
    public static final double EXACT_LIMIT = 20;
    private final double photons;

    /** @param photons the photon count of a white pixel, &gt; 0 */
    public PoissonNoise(double photons) {
        if (!(photons > 0)) {
            throw new DataException("--noise poisson: expected PHOTONS > 0, found " + photons);
        }
        this.photons = photons;
    }

    @Override
    public NDArray apply(NDArray clean) {
        NDManager owner = clean.getManager();
        try (NDManager tmp = owner.newSubManager()) {
            NDArray lam = clean.clip(0, 1).toType(DataType.FLOAT32, false).mul((float) photons);
            lam.attach(tmp);
            double exactMax = Math.min(photons, EXACT_LIMIT);
            // Enough inversion steps that the probability of a count beyond them is below 1e-12.
            int steps = (int) Math.ceil(exactMax + 7 * Math.sqrt(exactMax) + 10);
            NDArray u = tmp.randomUniform(0f, 1f, clean.getShape(), DataType.FLOAT32, clean.getDevice());
            NDArray count = exactCounts(lam.reshape(-1), u.reshape(-1), steps, tmp).reshape(clean.getShape());
            NDArray z = tmp.randomNormal(0f, 1f, clean.getShape(), DataType.FLOAT32, clean.getDevice());
            NDArray approx = lam.add(lam.sqrt().mul(z)).round().maximum(0f);
            // In float32 the summed CDF can stop up to ~7e-7 short of 1, and a uniform draw above it would count
            // up to the last step (62 photons at a rate near 20: an event of probability ~1e-12 drawn ~1e-7 of
            // the time). Only those elements reach the last step, so they are found exactly and take the
            // normal draw instead.
            NDArray exact = NDArrays.where(count.gte((float) steps), approx, count);
            NDArray counts = NDArrays.where(lam.lte((float) EXACT_LIMIT), exact, approx);
            NDArray noisy = counts.div((float) photons).toType(clean.getDataType(), false);
            noisy.attach(owner);
            return noisy;
        }
    }

    /**
     * Inverts the Poisson CDF by walking k = 0, 1, ... for all elements at once, updating the count, the
     * probability p_k and the CDF in place. Measured faster than building a [k, element] table (the
     * element-sized arrays stay in cache), and the temporaries are closed every step so that drawing a whole
     * training split at once needs memory for a handful of copies, not one per step.
     */
    private static NDArray exactCounts(NDArray lam, NDArray u, int steps, NDManager tmp) {
        NDArray count = tmp.zeros(lam.getShape(), DataType.FLOAT32, lam.getDevice());
        NDArray p = lam.neg().exp();
        NDArray cdf = p.duplicate();
        for (int k = 1; k <= steps; k++) {
            try (NDArray below = u.gt(cdf); NDArray increment = below.toType(DataType.FLOAT32, false)) {
                count.addi(increment);
            }
            p.muli(lam).divi((float) k);
            cdf.addi(p);
        }
        p.close();
        cdf.close();
        return count;
    }

    @Override
    public String spec() {
        return "poisson:" + photons;
    }
}
