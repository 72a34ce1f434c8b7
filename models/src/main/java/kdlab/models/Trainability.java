package kdlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * The one place that decides which parameters gradient descent may move. A parameter is trained when its
 * block is trained and the parameter is learned, not measured: batch-norm running statistics are updated by
 * the forward pass itself and must never require a gradient (libtorch's {@code native_batch_norm} refuses
 * one), nor receive momentum or weight decay.
 *
 * <p>DJL's {@code Block.freezeParameters(false)} unfreezes every parameter, statistics included, and
 * {@code Parameter.load} replaces the array with one that requires no gradient. Every path that creates or
 * loads parameters (fresh initialisation, resume, a best-weights reload, a teacher) therefore ends in
 * {@link #train} or {@link #freeze}, or in {@link #reapply} after a load.
 */
public final class Trainability {
    private Trainability() {}

    /**
     * @param p a parameter
     * @return whether the parameter is a statistic the forward pass maintains (batch-norm running mean and
     *     variance), which no optimiser may touch
     */
    public static boolean isStatistic(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    /**
     * @param p a parameter
     * @return whether an optimiser should update it: it requires a gradient, is initialised and is not a
     *     statistic
     */
    public static boolean isTrained(Parameter p) {
        return p.requiresGradient() && p.isInitialized() && !isStatistic(p);
    }

    /**
     * Marks every learned parameter of {@code block} trainable and every statistic not trainable.
     *
     * @param block a block that will be trained
     */
    public static void train(Block block) {
        for (Parameter p : block.getParameters().values()) {
            p.freeze(isStatistic(p));
        }
    }

    /**
     * Marks every parameter of {@code block} not trainable (a frozen teacher).
     *
     * @param block a block that will not be trained
     */
    public static void freeze(Block block) {
        block.freezeParameters(true);
    }

    /**
     * Gives freshly loaded arrays the gradient requirement of their parameter: a load replaces the arrays,
     * and the replacements require no gradient whatever the parameter says.
     *
     * @param block a block whose parameters were just loaded
     */
    public static void reapply(Block block) {
        for (Parameter p : block.getParameters().values()) {
            if (p.isInitialized()) {
                NDArray a = p.getArray();
                boolean wanted = p.requiresGradient() && !isStatistic(p);
                if (a.hasGradient() != wanted) {
                    a.setRequiresGradient(wanted);
                }
            }
        }
    }
}
