package kdlab.datasets.noise;

import ai.djl.ndarray.NDArray;
import kdlab.datasets.DataException;

/**
 * Photon-count (shot) noise of low-light imaging: each pixel value x in [0, 1] becomes Poisson(k·x)/k for
 * a photon budget k; fewer photons, more noise (variance x/k).
 */
public final class PoissonNoise implements Noise {
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
        NDArray rate = clean.clip(0, Float.MAX_VALUE).mul((float) photons);
        NDArray counts = clean.getManager().samplePoisson(rate);
        NDArray noisy = counts.toType(clean.getDataType(), false).div((float) photons);
        rate.close();
        counts.close();
        return noisy;
    }

    @Override
    public String spec() {
        return "poisson:" + photons;
    }
}
