package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * SoTeacher's Lipschitz penalty (Dong, Liu, Shang, ICLR 2024; PAPERS.md §3.3), a term on the trained model's
 * parameters rather than on a view: the sum over layers of a per-layer bound — for every convolution the
 * entry-wise ℓ1 norm of its kernel (shortcut convolutions included), for every batch norm its largest channel
 * gain max_c |γ_c| / √(running_var_c + ε) (the running variance is a measured statistic and carries no
 * gradient), for every linear layer its largest absolute column sum (the induced ℓ1 norm of W, out × in). The
 * bounds are summed, not multiplied, as the released code does. The paper's weight is λ_LR = 1e-5.
 *
 * <p>Layers are found by walking the model's blocks to their leaves, as the reference walks leaf modules; a
 * term's own parts (connectors) are not the model and are not penalised.
 */
public final class LipschitzPenaltyTerm implements LossTerm {
    /** The ε of every batch norm kdlab builds (DJL's and PyTorch's default). */
    public static final double BATCH_NORM_EPSILON = 1e-5;

    private final double epsilon;

    /**
     * @param epsilon the batch norms' ε, inside the square root of the gain
     */
    public LipschitzPenaltyTerm(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "lipschitz";
    }

    @Override
    public Set<View> views() {
        return EnumSet.noneOf(View.class);
    }

    @Override
    public NDArray compute(StepView step) {
        // The parameters live on the model's long-lived manager, where every result made from them (a full-size
        // |W| per conv, each step) would stay for the whole run: lend them to the step's manager, which hands
        // them back when it closes.
        ai.djl.ndarray.NDManager stepManager = step.targets().getManager();
        for (ai.djl.nn.Parameter p : step.trainedModel().getParameters().values()) {
            if (p.isInitialized() && p.getArray().getManager() != stepManager) {
                p.getArray().tempAttach(stepManager);
            }
        }
        return penalty(step.trainedModel(), epsilon);
    }

    /**
     * @param model a network
     * @param epsilon the batch norms' ε
     * @return the sum of its layers' bounds, differentiable with respect to its weights and batch-norm gains
     * @throws IllegalArgumentException when the network has none of the three kinds of layer
     */
    public static NDArray penalty(Block model, double epsilon) {
        List<NDArray> bounds = new ArrayList<>();
        collect(model, bounds, epsilon);
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("the Lipschitz penalty found no convolution, batch norm or linear layer in the model");
        }
        NDArray sum = bounds.get(0);
        for (int i = 1; i < bounds.size(); i++) {
            sum = sum.add(bounds.get(i));
        }
        return sum;
    }

    private static void collect(Block block, List<NDArray> bounds, double epsilon) {
        if (block instanceof Convolution) {
            bounds.add(convolutionBound(parameter(block, "weight")));
        } else if (block instanceof Linear) {
            bounds.add(linearBound(parameter(block, "weight")));
        } else if (block instanceof BatchNorm) {
            Parameter gamma = block.getParameters().get("gamma");
            // A batch norm without a learned scale has gain 1 per channel: its bound still counts.
            NDArray g = gamma == null ? null : gamma.getArray();
            bounds.add(batchNormBound(g, parameter(block, "runningVar"), epsilon));
        } else {
            for (Block child : block.getChildren().values()) {
                collect(child, bounds, epsilon);
            }
        }
    }

    /**
     * @param block a network
     * @return how many layers the penalty bounds (convolutions, batch norms, linear layers)
     */
    static int boundedLayers(Block block) {
        if (block instanceof Convolution || block instanceof Linear || block instanceof BatchNorm) {
            return 1;
        }
        int n = 0;
        for (Block child : block.getChildren().values()) {
            n += boundedLayers(child);
        }
        return n;
    }

    private static NDArray parameter(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " has no initialised parameter " + name);
        }
        return p.getArray();
    }

    /**
     * @param kernel a convolution's weight, any shape
     * @return Σ |w| over all its entries
     */
    public static NDArray convolutionBound(NDArray kernel) {
        return kernel.abs().sum();
    }

    /**
     * @param weight a linear layer's weight [out, in]
     * @return max over input columns j of Σ_i |W_ij|
     */
    public static NDArray linearBound(NDArray weight) {
        return weight.abs().sum(new int[] {0}).max();
    }

    /**
     * @param gamma the per-channel gains [C], or null for a batch norm without a learned scale (gain 1)
     * @param runningVar the running variances [C]; no gradient flows into them
     * @param epsilon the batch norm's ε
     * @return max_c |γ_c| / √(running_var_c + ε)
     */
    public static NDArray batchNormBound(NDArray gamma, NDArray runningVar, double epsilon) {
        NDArray scale = runningVar.stopGradient().add((float) epsilon).sqrt();
        NDArray gain = gamma == null ? scale.onesLike() : gamma.abs();
        return gain.div(scale).max();
    }

    /**
     * The settings of {@code type: lipschitz} (its weight is the paper's λ_LR, 1e-5).
     *
     * @param batchNormEpsilon the ε of the model's batch norms (default 1e-5, that of every batch norm kdlab builds)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(Double batchNormEpsilon) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(batchNormEpsilon == null ? BATCH_NORM_EPSILON : batchNormEpsilon);
        }

        @Override
        public LossTerm build(TermContext context) {
            double eps = batchNormEpsilon == null ? BATCH_NORM_EPSILON : batchNormEpsilon;
            if (!(eps > 0) || !Double.isFinite(eps)) {
                throw context.error("batch_norm_epsilon", "expected a number > 0, found " + eps);
            }
            if (boundedLayers(context.student()) == 0) {
                throw context.error(null, "the Lipschitz penalty needs a convolution, batch norm or linear layer in the model; found none");
            }
            return new LipschitzPenaltyTerm(eps);
        }
    }
}
