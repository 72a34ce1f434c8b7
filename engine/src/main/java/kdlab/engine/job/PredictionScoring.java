package kdlab.engine.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Iterator;
import kdlab.datasets.Batch;
import kdlab.datasets.DeviceDataset;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.StepView;
import kdlab.engine.objective.View;
import kdlab.models.tap.TappedBlock;

/**
 * The figures of a classifier's predictions beyond accuracy and loss, on the clean test inputs: its
 * {@link Calibration expected calibration error} and, for a student, its {@link TeacherAgreement agreement} with
 * the frozen teacher. One inference pass; the sums stay on the device and are read once at the end.
 */
final class PredictionScoring {
    /**
     * @param ece expected calibration error of the scored model
     * @param teacherAgreement fraction of inputs whose top-1 class is the teacher's; NaN without a teacher
     */
    record Scores(double ece, double teacherAgreement) {
        /** What a regression run, which has no classes, records. */
        static final Scores NONE = new Scores(Double.NaN, Double.NaN);
    }

    private PredictionScoring() {}

    /**
     * @param model the model with its kept weights
     * @param frozen the teacher, or null
     * @param test the test split, prepared for the model and without noise
     * @param batchSize evaluation batch size
     * @param manager the model's manager
     * @return the figures
     */
    static Scores score(TappedBlock model, FrozenModel frozen, DeviceDataset test, int batchSize, NDManager manager) {
        try (NDManager pass = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(pass, false);
            NDArray bins = pass.zeros(new Shape(3, Calibration.BINS), DataType.FLOAT32);
            NDArray agreeing = pass.zeros(new Shape(1), DataType.FLOAT32);
            long examples = 0;
            Iterator<Batch> it = test.batches(pass, batchSize, false);
            while (it.hasNext()) {
                try (Batch batch = it.next()) {
                    StepView view = new StepView(batch, model, store, frozen, false);
                    NDArray student = view.features(View.TRAINED_CLEAN).output();
                    bins.addi(Calibration.binSums(student.softmax(1), batch.targets(), Calibration.BINS));
                    if (frozen != null) {
                        agreeing.addi(TeacherAgreement.agreeing(student, view.features(View.FROZEN_CLEAN).output()).reshape(1));
                    }
                    examples += batch.size();
                }
            }
            // The one read from the device.
            float[] read = kdlab.engine.train.HostReads.floats(NDArrays.concat(new NDList(bins.reshape(-1), agreeing)));
            float[] binSums = java.util.Arrays.copyOf(read, 3 * Calibration.BINS);
            double agreement = frozen == null || examples == 0 ? Double.NaN : read[3 * Calibration.BINS] / (double) examples;
            return new Scores(Calibration.ece(binSums, Calibration.BINS), agreement);
        }
    }
}
