package kdlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * The one place that decides which parameters gradient descent may move. A parameter is trained when its
 * block is trained and the parameter is learned, neither measured nor fixed:
 *
 * <ul>
 *   <li>batch-norm running statistics are updated by the forward pass itself and must never require a
 *       gradient (libtorch's {@code native_batch_norm} refuses one), nor receive momentum or weight decay;
 *   <li>a <em>fixed</em> parameter, one whose name starts with {@value #FIXED_PREFIX}, is drawn at
 *       initialisation and then kept as it is: part of the network's definition, saved with the other
 *       parameters so that a checkpoint reloads the same network, but never trained. The output signs
 *       {@code a} of the kernel-regime network ({@link kdlab.models.ntk.FixedSignReadout}, Du et al., ICLR
 *       2019) are one. DJL's parameter types are a closed enum, hence a naming rule.
 * </ul>
 *
 * <p>DJL's {@code Block.freezeParameters(false)} unfreezes every parameter, statistics included, and
 * {@code Parameter.load} replaces the array with one that requires no gradient. Every path that creates or
 * loads parameters (fresh initialisation, resume, a best-weights reload, a teacher) therefore ends in
 * {@link #train} or {@link #freeze}, or in {@link #reapply} after a load.
 */
public final class Trainability {
    /** The start of the name of every fixed parameter, which no optimiser may touch. */
    public static final String FIXED_PREFIX = "fixed_";

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
     * @return whether the parameter is fixed at initialisation: its name starts with {@value #FIXED_PREFIX}
     */
    public static boolean isFixed(Parameter p) {
        return p.getName() != null && p.getName().startsWith(FIXED_PREFIX);
    }

    /**
     * @param p a parameter
     * @return whether gradient descent may ever move it: it is neither a statistic nor fixed
     */
    public static boolean isLearned(Parameter p) {
        return !isStatistic(p) && !isFixed(p);
    }

    /**
     * @param p a parameter
     * @return whether an optimiser should update it: it requires a gradient, is initialised and is learned
     */
    public static boolean isTrained(Parameter p) {
        return p.requiresGradient() && p.isInitialized() && isLearned(p);
    }

    /**
     * Marks every learned parameter of {@code block} trainable, and every statistic and fixed parameter not
     * trainable.
     *
     * @param block a block that will be trained
     */
    public static void train(Block block) {
        for (Parameter p : block.getParameters().values()) {
            p.freeze(!isLearned(p));
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
                boolean wanted = p.requiresGradient() && isLearned(p);
                if (a.hasGradient() != wanted) {
                    a.setRequiresGradient(wanted);
                }
            }
        }
    }
}
