package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * One named part of an objective. A term declares the views it reads so that a run can check, before its
 * first batch, that a teacher is present when one is needed, and computes a batch-size-independent scalar.
 */
public interface LossTerm {
    /** @return the column name of this term in metrics.csv */
    String name();

    /** @return the views this term reads */
    Set<View> views();

    /**
     * @param step the step's views
     * @return a scalar loss, a mean over the batch
     */
    NDArray compute(StepView step);
}
