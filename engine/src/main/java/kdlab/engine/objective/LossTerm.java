package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.Map;
import java.util.Set;

/**
 * One named part of an objective. A term declares the views it reads so that a run can check, before its
 * first batch, that a teacher is present when one is needed, and computes a batch-size-independent scalar.
 *
 * <p>Beyond {@link #compute}, a term has a lifecycle the loop drives: it may own trainable parts (connectors,
 * heads: optimised with the student, saved in checkpoints), own state (a per-sample table, a memory queue:
 * saved and restored with checkpoints), and act after each optimizer step and at each epoch's end. The
 * defaults are those of a stateless term with nothing to train.
 */
public interface LossTerm {
    /** @return the term's default column name in metrics.csv; an experiment's objective key overrides it */
    String name();

    /** @return the views this term reads */
    Set<View> views();

    /**
     * @param step the step's views
     * @return a scalar loss, a mean over the batch
     */
    NDArray compute(StepView step);

    /**
     * @return blocks trained with the student, by a name unique within the term; their parameters are
     *     optimised and checkpointed with the model's
     */
    default Map<String, Block> parts() {
        return Map.of();
    }

    /**
     * The teacher's taps this term reads from {@link View#FROZEN_CLEAN}, so that a {@link TeacherCache} keeps
     * only those. A term that does not say may read any tap; the cache then keeps them all.
     *
     * @return the tap names, or null for "any"
     */
    default Set<String> frozenTapsRead() {
        return null;
    }

    /**
     * @param phase the phase's name ({@link StepProgress#MAIN} for the main training)
     * @return the names of the {@link #parts()} that learn in that phase (default: all of them); a part left out
     *     keeps its values there, untouched by weight decay or momentum (FT's paraphraser after its phase)
     */
    default java.util.Set<String> partsTrainedIn(String phase) {
        return parts().keySet();
    }

    /**
     * @return the term's state, saved in every checkpoint; arrays are written in this order
     */
    default NDList state() {
        return new NDList();
    }

    /**
     * Restores what {@link #state()} returned when the checkpoint was written.
     *
     * @param saved the arrays, on the run's device, in the order written
     */
    default void restoreState(NDList saved) {
        if (!saved.isEmpty()) {
            throw new IllegalStateException(name() + " has no state, but the checkpoint holds " + saved.size() + " arrays for it");
        }
    }

    /**
     * Called after each optimizer step with the step's views (the features the step computed are cached in it).
     *
     * @param step the finished step
     */
    default void afterStep(StepView step) {}

    /**
     * Called after an epoch's validation, before its checkpoint.
     *
     * @param epoch the zero-based epoch that ended
     */
    default void onEpochEnd(int epoch) {}
}
