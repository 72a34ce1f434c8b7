package kdlab.datasets.noise;

import ai.djl.ndarray.NDArray;
import kdlab.datasets.DataException;

/** Additive white Gaussian noise x + σ·ε, ε ~ N(0, I): the noise model of PAPERS.md §1.4. */
public final class GaussianNoise implements Noise {
    private final double sigma;

    /** @param sigma the standard deviation, ≥ 0 */
    public GaussianNoise(double sigma) {
        if (!(sigma >= 0)) {
            throw new DataException("--noise gaussian: expected SIGMA >= 0, found " + sigma);
        }
        this.sigma = sigma;
    }

    /** @return σ */
    public double sigma() {
        return sigma;
    }

    @Override
    public NDArray apply(NDArray clean) {
        // The noise array becomes the result: one allocation instead of two, and ε + x is bit for bit x + ε.
        NDArray noisy = clean.getManager().randomNormal(0f, (float) sigma, clean.getShape(), clean.getDataType(), clean.getDevice());
        return noisy.addi(clean);
    }

    @Override
    public String spec() {
        return "gaussian:" + sigma;
    }
}
