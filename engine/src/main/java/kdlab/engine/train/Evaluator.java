package kdlab.engine.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Iterator;
import kdlab.datasets.Batch;
import kdlab.datasets.DeviceDataset;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.LossBreakdown;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.StepProgress;
import kdlab.engine.objective.StepView;
import kdlab.engine.objective.View;
import kdlab.models.tap.TappedBlock;

/** One pass over a split in inference mode, with the objective's terms and accuracy summed on the device. */
public final class Evaluator {
    private Evaluator() {}

    /**
     * @param model the model evaluated
     * @param frozen the teacher, or null when the objective needs none
     * @param objective the objective whose terms are reported
     * @param data the split (its noise, if any, is already attached)
     * @param batchSize examples per forward pass
     * @param scored the view whose output is scored
     * @param classification whether to measure accuracy
     * @param manager parent manager for the pass's arrays
     * @return the split's means
     */
    public static SplitMetrics evaluate(
            TappedBlock model,
            FrozenModel frozen,
            Objective objective,
            DeviceDataset data,
            int batchSize,
            View scored,
            boolean classification,
            NDManager manager) {
        return evaluate(model, frozen, objective, data, batchSize, scored, classification, manager, new StepProgress(0, 0, 1, 1));
    }

    /**
     * @param model the model evaluated
     * @param frozen the teacher, or null when the objective needs none
     * @param objective the objective whose terms are reported
     * @param data the split (its noise, if any, is already attached)
     * @param batchSize examples per forward pass
     * @param scored the view whose output is scored
     * @param classification whether to measure accuracy
     * @param manager parent manager for the pass's arrays
     * @param progress where the run is, for scheduled term weights
     * @return the split's means
     */
    public static SplitMetrics evaluate(
            TappedBlock model,
            FrozenModel frozen,
            Objective objective,
            DeviceDataset data,
            int batchSize,
            View scored,
            boolean classification,
            NDManager manager,
            StepProgress progress) {
        try (NDManager pass = manager.newSubManager();
                MetricAccumulator acc = new MetricAccumulator(pass, objective.termNames(), classification)) {
            ParameterStore store = new ParameterStore(pass, false);
            Iterator<Batch> it = data.batches(pass, batchSize, false);
            while (it.hasNext()) {
                try (Batch batch = it.next()) {
                    StepView view = new StepView(batch, model, store, frozen, false, progress);
                    LossBreakdown loss = objective.compute(view);
                    acc.add(loss, view.features(scored).output(), batch.targets());
                }
            }
            return acc.read();
        }
    }
}
