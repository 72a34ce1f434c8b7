package kdlab.engine.objective;

import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * Squared error of one view's output against regression targets: the mean over batch and output
 * dimensions. The deep-linear theory of Hong et al. (CVPR 2021) is a regression problem.
 */
public final class SquaredErrorTerm implements LossTerm {
    private final View view;

    /** @param view the view whose output is scored */
    public SquaredErrorTerm(View view) {
        this.view = view;
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Set<View> views() {
        return Set.of(view);
    }

    @Override
    public NDArray compute(StepView step) {
        return meanSquaredError(step.features(view).output(), step.targets());
    }

    /**
     * @param prediction [N, k]
     * @param target [N, k]
     * @return the mean of the element-wise squared differences
     */
    public static NDArray meanSquaredError(NDArray prediction, NDArray target) {
        return prediction.sub(target).square().mean();
    }

    /**
     * The settings of {@code type: mse}.
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
            if (context.classification()) {
                throw context.error(null, "squared error needs regression targets, but the data has class labels; use type: ce");
            }
            return new SquaredErrorTerm(context.view("student", student == null ? "noisy" : student, false));
        }
    }
}
