package kdlab.datasets.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Gaussian and salt-and-pepper kernels were rewritten with fewer batch-sized temporaries; for a fixed engine
 * seed they must give the very same bits as the versions they replaced, which are kept here as references.
 */
class NoiseKernelsBitwiseTest {
    private static final Shape SHAPE = new Shape(64, 1, 28, 28);

    /** Before: a separate noise array, then clean + ε into a third. */
    private static NDArray gaussianBefore(NDArray clean, double sigma) {
        NDArray eps = clean.getManager().randomNormal(0f, (float) sigma, clean.getShape(), clean.getDataType(), clean.getDevice());
        NDArray noisy = clean.add(eps);
        eps.close();
        return noisy;
    }

    /** Before: batch-sized arrays of zeros and ones for the two selects. */
    private static NDArray saltPepperBefore(NDArray clean, double p) {
        NDArray u = clean.getManager().randomUniform(0f, 1f, clean.getShape(), clean.getDataType(), clean.getDevice());
        NDArray pepper = u.lt((float) (p / 2));
        NDArray salt = u.gte((float) (1 - p / 2));
        NDArray peppered = NDArrays.where(pepper, clean.zerosLike(), clean);
        return NDArrays.where(salt, clean.onesLike(), peppered);
    }

    private static void assertSameBits(Function<NDArray, NDArray> before, Noise after, DataType type) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            // Values outside [0, 1] and both zeros, so that pass-through of every kind of value is compared.
            NDArray clean = m.randomNormal(0.5f, 0.7f, SHAPE, DataType.FLOAT32, m.getDevice()).toType(type, false);
            clean.set(new NDIndex("0, 0, 0, 0"), -0.0f);
            clean.set(new NDIndex("0, 0, 0, 1"), 0.0f);
            Engine.getInstance().setRandomSeed(6);
            NDArray expected = before.apply(clean);
            Engine.getInstance().setRandomSeed(6);
            NDArray actual = after.apply(clean);
            assertEquals(expected.getDataType(), actual.getDataType(), after.spec() + ": data type");
            assertEquals(expected.getShape(), actual.getShape(), after.spec() + ": shape");
            // Bits, not values: -0.0 and 0.0, or two NaNs, would pass a value comparison.
            NDArray e = expected.toType(DataType.FLOAT64, false);
            NDArray a = actual.toType(DataType.FLOAT64, false);
            double[] ev = e.toDoubleArray();
            double[] av = a.toDoubleArray();
            for (int i = 0; i < ev.length; i++) {
                if (Double.doubleToRawLongBits(ev[i]) != Double.doubleToRawLongBits(av[i])) {
                    throw new AssertionError(after.spec() + " (" + type + "): value " + i + " is " + av[i] + ", before it was " + ev[i]);
                }
            }
        }
    }

    enum Type {
        FLOAT32(DataType.FLOAT32),
        FLOAT64(DataType.FLOAT64);

        final DataType type;

        Type(DataType type) {
            this.type = type;
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void gaussianIsBitForBitAsBefore(Type type) {
        for (double sigma : new double[] {0, 0.1, 1.5}) {
            assertSameBits(x -> gaussianBefore(x, sigma), new GaussianNoise(sigma), type.type);
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void saltPepperIsBitForBitAsBefore(Type type) {
        for (double p : new double[] {0, 0.1, 0.5, 1}) {
            assertSameBits(x -> saltPepperBefore(x, p), new SaltPepperNoise(p), type.type);
        }
    }
}
