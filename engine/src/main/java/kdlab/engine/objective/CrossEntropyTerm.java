package kdlab.engine.objective;

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
}
