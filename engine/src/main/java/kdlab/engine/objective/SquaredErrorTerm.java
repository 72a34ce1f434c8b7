package kdlab.engine.objective;

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
}
