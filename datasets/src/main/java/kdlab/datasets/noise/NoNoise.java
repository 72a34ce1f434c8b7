package kdlab.datasets.noise;

import ai.djl.ndarray.NDArray;

/** Leaves inputs as they are: the teacher's clean setting. */
public final class NoNoise implements Noise {
    /** The one instance. */
    public static final NoNoise INSTANCE = new NoNoise();

    private NoNoise() {}

    @Override
    public NDArray apply(NDArray clean) {
        return clean.duplicate();
    }

    @Override
    public String spec() {
        return "none";
    }
}
