package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.EnumMap;
import java.util.Map;
import kdlab.datasets.Batch;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;

/**
 * What one step's loss terms may look at: the batch's targets and the features of each {@link View},
 * each computed at most once per step however many terms read it.
 */
public final class StepView {
    private final Batch batch;
    private final TappedBlock trained;
    private final ParameterStore trainedStore;
    private final FrozenModel frozen;
    private final boolean training;
    private final StepProgress progress;
    private final Map<View, Features> cache = new EnumMap<>(View.class);
    private final TeacherCache teacherCache;

    /**
     * @param batch the batch (clean and noisy inputs, targets)
     * @param trained the model being trained or evaluated
     * @param trainedStore its parameter store
     * @param frozen the teacher, or null when the objective reads no frozen view
     * @param training whether the trained model runs in training mode (false for validation)
     */
    public StepView(Batch batch, TappedBlock trained, ParameterStore trainedStore, FrozenModel frozen, boolean training) {
        this(batch, trained, trainedStore, frozen, training, new StepProgress(0, 0, 1, 1));
    }

    /**
     * @param batch the batch (clean and noisy inputs, targets, sample indices)
     * @param trained the model being trained or evaluated
     * @param trainedStore its parameter store
     * @param frozen the teacher, or null when the objective reads no frozen view
     * @param training whether the trained model runs in training mode (false for validation)
     * @param progress where the step falls in the run
     */
    public StepView(Batch batch, TappedBlock trained, ParameterStore trainedStore, FrozenModel frozen, boolean training, StepProgress progress) {
        this(batch, trained, trainedStore, frozen, training, progress, null);
    }

    /**
     * @param batch the batch (clean and noisy inputs, targets, sample indices into the training split)
     * @param trained the model being trained or evaluated
     * @param trainedStore its parameter store
     * @param frozen the teacher, or null when the objective reads no frozen view
     * @param training whether the trained model runs in training mode (false for validation)
     * @param progress where the step falls in the run
     * @param teacherCache the teacher's clean-view features of the batch's split, or null to run the teacher
     */
    public StepView(Batch batch, TappedBlock trained, ParameterStore trainedStore, FrozenModel frozen, boolean training, StepProgress progress,
            TeacherCache teacherCache) {
        this.teacherCache = teacherCache;
        this.progress = progress;
        this.batch = batch;
        this.trained = trained;
        this.trainedStore = trainedStore;
        this.frozen = frozen;
        this.training = training;
    }

    /** @return the batch's targets: int64 class labels or float32 regression targets */
    public NDArray targets() {
        return batch.targets();
    }

    /** @return the batch's sample indices into its split (int64 [N]), for per-sample state */
    public NDArray indices() {
        return batch.indices();
    }

    /** @return where this step falls in the run */
    public StepProgress progress() {
        return progress;
    }

    /** @return whether the trained model runs in training mode (false during validation) */
    public boolean training() {
        return training;
    }

    /** @return the model being trained, for terms that read its parameters (a Lipschitz penalty) */
    public TappedBlock trainedModel() {
        return trained;
    }

    /** @return the number of examples in the batch */
    public long batchSize() {
        return batch.targets().getShape().get(0);
    }

    /**
     * Runs a block that is trained with the model (a connector) under the model's parameter store and mode.
     *
     * @param block the block
     * @param input its input
     * @return its single output
     */
    public NDArray applyTrained(ai.djl.nn.Block block, NDArray input) {
        return block.forward(trainedStore, new NDList(input), training).singletonOrThrow();
    }

    /**
     * @param view which model on which input
     * @return that view's output and taps, computed on first use
     */
    public Features features(View view) {
        Features f = cache.get(view);
        if (f == null) {
            NDArray input = view.noisy() ? batch.noisy() : batch.inputs();
            if (view.frozen()) {
                if (frozen == null) {
                    throw new IllegalStateException("a loss term reads " + view + " but this run has no teacher");
                }
                f = view == View.FROZEN_CLEAN && teacherCache != null && batch.indices() != null
                        ? teacherCache.gather(batch.indices(), batch.manager())
                        : frozen.forward(input);
            } else {
                NDList out = trained.forward(trainedStore, new NDList(input), training);
                f = Features.from(out, trained.tapNames());
            }
            cache.put(view, f);
        }
        return f;
    }
}
