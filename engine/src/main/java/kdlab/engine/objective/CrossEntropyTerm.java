package kdlab.engine.objective;

import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Set;

/** Softmax cross-entropy of one view's logits against the class labels, averaged over the batch. */
public final class CrossEntropyTerm implements LossTerm {
    private final View view;

    /** @param view the view whose output is scored, e.g. {@link View#TRAINED_NOISY} for a student */
    public CrossEntropyTerm(View view) {
        this.view = view;
    }

    @Override
    public String name() {
        return "ce";
    }

    @Override
    public Set<View> views() {
        return Set.of(view);
    }

    @Override
    public NDArray compute(StepView step) {
        return crossEntropy(step.features(view).output(), step.targets());
    }

    /**
     * Mean over the batch of −log softmax(logits)[label].
     *
     * @param logits [N, K]
     * @param labels [N] integer class labels
     * @return a scalar
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    /**
     * The settings of {@code type: ce}.
     *
     * @param student the input the trained model's output is scored on: noisy (default) or clean
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(String student) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(student == null ? "noisy" : student);
        }

        @Override
        public LossTerm build(TermContext context) {
            if (!context.classification()) {
                throw context.error(null, "cross-entropy needs class labels, but the data has regression targets; use type: mse");
            }
            return new CrossEntropyTerm(context.view("student", student == null ? "noisy" : student, false));
        }
    }
}
