package kdlab.datasets.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import kdlab.datasets.DataException;

/** Impulse noise: each value independently becomes 0 with probability P/2 and 1 with probability P/2. */
public final class SaltPepperNoise implements Noise {
    private final double p;

    /** @param p the fraction of corrupted values, in [0, 1] */
    public SaltPepperNoise(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new DataException("--noise saltpepper: expected 0 <= P <= 1, found " + p);
        }
        this.p = p;
    }

    @Override
    public NDArray apply(NDArray clean) {
        NDArray u = clean.getManager().randomUniform(0f, 1f, clean.getShape(), clean.getDataType(), clean.getDevice());
        try (NDArray pepper = u.lt((float) (p / 2)); NDArray salt = u.gte((float) (1 - p / 2))) {
            // DJL's where does not broadcast, so each select needs a batch-sized constant: u, spent once the masks
            // exist, becomes the zeros (0·u is +0 for u in [0, 1)) and then the ones in place, instead of two new arrays.
            u.muli(0f);
            // Two masked selects rather than arithmetic so clean values are passed through bit for bit.
            NDArray peppered = NDArrays.where(pepper, u, clean);
            u.addi(1f);
            NDArray noisy = NDArrays.where(salt, u, peppered);
            peppered.close();
            return noisy;
        } finally {
            u.close();
        }
    }

    @Override
    public String spec() {
        return "saltpepper:" + p;
    }
}
