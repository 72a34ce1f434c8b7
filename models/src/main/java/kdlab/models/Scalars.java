package kdlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between an array and a number for code whose result takes part in a gradient (losses, forward
 * passes), made safe against a use-after-free in DJL 0.33's PyTorch engine on the CPU.
 *
 * <p>{@code NDArray.mul(Number)} (and {@code div}, {@code maximum}, {@code minimum}, {@code pow}) wraps the number
 * in a tensor made with {@code torch::from_blob} over a direct {@code ByteBuffer}, computes, and closes that
 * tensor at once, which drops the only Java reference to the buffer. Autograd keeps the tensor for the backward
 * pass ({@code mul} saves its other operand); once the JVM has collected the buffer, the backward pass reads freed
 * memory. Seen here: the gradient of {@code x.mul(0.5f).sum()} came out as -3.7e31 after a {@code System.gc()}
 * between forward and backward, a CI run's Adam student diverged at step 7 with a loss weight of 0.5, and a DKD
 * parity test once got a gradient of 2.6e31. A GPU copies the buffer, so only the CPU is affected. {@code add} and
 * {@code sub} save nothing for the backward pass and are safe as they are.
 *
 * <p>The scalars made here come from {@code NDManager.full}, a tensor that owns its memory, attached to the
 * operand's manager, so they live as long as the step's other temporaries.
 */
public final class Scalars {
    private Scalars() {}

    /**
     * @param like the array the scalar will meet
     * @param value the number
     * @return a 0-d array holding {@code value}, of {@code like}'s type, on its device and manager
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }

    /**
     * @param x an array
     * @param value a number
     * @return x · value
     */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(of(x, value));
    }

    /**
     * @param x an array
     * @param value a number
     * @return x / value
     */
    public static NDArray div(NDArray x, double value) {
        return x.div(of(x, value));
    }

    /**
     * @param x an array
     * @param value a number
     * @return max(x, value), element-wise
     */
    public static NDArray maximum(NDArray x, double value) {
        return x.maximum(of(x, value));
    }

    /**
     * @param x an array
     * @param value a number
     * @return min(x, value), element-wise
     */
    public static NDArray minimum(NDArray x, double value) {
        return x.minimum(of(x, value));
    }

    /**
     * @param x an array
     * @param value a number
     * @return x to the power value, element-wise
     */
    public static NDArray pow(NDArray x, double value) {
        return x.pow(of(x, value));
    }
}
