package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Set;

/**
 * Label-smoothing cross-entropy (Szegedy et al., "Rethinking the Inception Architecture", CVPR 2016), as
 * PyTorch's {@code F.cross_entropy(..., label_smoothing=ε)} computes it: (1 − ε)·(−log p_y) + ε·(1/K)·Σ_k −log p_k,
 * averaged over the batch; the target is the one-hot label mixed with the uniform distribution. No teacher.
 */
public final class LabelSmoothingTerm implements LossTerm {
    private final View view;
    private final double smoothing;

    /**
     * @param view the view whose output is scored, normally {@link View#TRAINED_NOISY}
     * @param smoothing ε in [0, 1]
     */
    public LabelSmoothingTerm(View view, double smoothing) {
        checkSmoothing(smoothing);
        this.view = view;
        this.smoothing = smoothing;
    }

    private static void checkSmoothing(double smoothing) {
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing: expected a number in [0, 1], found " + smoothing);
        }
    }

    @Override
    public String name() {
        return "ls_ce";
    }

    @Override
    public Set<View> views() {
        return Set.of(view);
    }

    @Override
    public NDArray compute(StepView step) {
        return labelSmoothingCrossEntropy(step.features(view).output(), step.targets(), smoothing);
    }

    /**
     * @param logits [N, K]
     * @param labels [N] integer class labels
     * @param smoothing ε in [0, 1]
     * @return the batch mean of (1 − ε)·(−log p_y) + ε·mean over classes of −log p_k, a scalar
     */
    public static NDArray labelSmoothingCrossEntropy(NDArray logits, NDArray labels, double smoothing) {
        checkSmoothing(smoothing);
        if (logits.getShape().dimension() != 2) {
            throw new IllegalArgumentException("label smoothing: logits " + logits.getShape() + " must be [N, K]");
        }
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1).mean();
        // A full mean is the mean over the batch of the mean over classes.
        NDArray uniform = logp.mean();
        return Scalars.mul(picked, (float) (1 - smoothing)).add(Scalars.mul(uniform, (float) smoothing)).neg();
    }

    /**
     * The settings of {@code type: ls_ce}.
     *
     * @param smoothing ε (default 0.1)
     * @param student the input the trained model's output is scored on: noisy (default) or clean
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(Double smoothing, String student) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(smoothing == null ? 0.1 : smoothing, student == null ? "noisy" : student);
        }

        @Override
        public LossTerm build(TermContext context) {
            double e = smoothing == null ? 0.1 : smoothing;
            if (!(e >= 0 && e <= 1)) {
                throw context.error("smoothing", "expected a number in [0, 1], found " + e);
            }
            if (!context.classification()) {
                throw context.error(null, "label smoothing needs class labels, but the data has regression targets; use type: mse");
            }
            return new LabelSmoothingTerm(context.view("student", student == null ? "noisy" : student, false), e);
        }
    }
}
