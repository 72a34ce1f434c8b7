package kdlab.models.cnn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Counts a block's trainable parameters, the number papers report: weights, biases and batch
 * normalisation's scale and shift, but not its running mean and variance, which DJL keeps as
 * parameters that require no gradient.
 */
public final class ParameterCounts {

    /** The shape the counts in the tests are taken at: one 32×32 RGB image. */
    public static final Shape CIFAR_INPUT = new Shape(1, 3, 32, 32);

    private ParameterCounts() {}

    /**
     * Counts the trainable parameters of an initialised block.
     *
     * @param block the block, initialised
     * @return the number of scalars in parameters that require a gradient
     * @throws IllegalStateException if a trainable parameter is not initialised yet
     */
    public static long trainable(Block block) {
        long total = 0;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            if (!parameter.isInitialized()) {
                throw new IllegalStateException(
                        "parameter '"
                                + pair.getKey()
                                + "' is not initialised: call block.initialize(manager,"
                                + " DataType.FLOAT32, "
                                + CIFAR_INPUT
                                + ") or use trainable(block, manager, inputShape)");
            }
            total += parameter.getArray().size();
        }
        return total;
    }

    /**
     * Initialises a block for an input shape, if it is not initialised yet, and counts its
     * trainable parameters. Parameters are attached to {@code manager}.
     *
     * @param block the block
     * @param manager the manager that will own the parameters
     * @param inputShape the input shape, for example {@link #CIFAR_INPUT}
     * @return the number of trainable scalars
     */
    public static long trainable(Block block, NDManager manager, Shape inputShape) {
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT32, inputShape);
        }
        return trainable(block);
    }
}
