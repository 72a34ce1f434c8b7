package kdlab.engine.job;

import ai.djl.ndarray.NDManager;
import java.util.List;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.noise.Noise;
import kdlab.engine.Seeds;
import kdlab.engine.objective.CrossEntropyTerm;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.SquaredErrorTerm;
import kdlab.engine.objective.WeightedTerm;
import kdlab.engine.objective.View;
import kdlab.engine.train.Evaluator;
import kdlab.engine.train.SplitMetrics;
import kdlab.models.tap.TappedBlock;

/**
 * Scores kept weights on the test split, clean and with noise. A run's summary.json and {@code kdlab
 * evaluate} both come through here, with the run's seed, so they draw the same noisy test set and report
 * the same figures.
 */
final class TestScoring {
    /**
     * @param clean metrics on clean test inputs
     * @param noisy metrics on noisy test inputs, or null when no noise was asked for
     */
    record Scores(SplitMetrics clean, SplitMetrics noisy) {}

    private TestScoring() {}

    /**
     * @param model the model with its kept weights
     * @param test the test split, prepared for the model ({@link NetworkInputs#prepare}) and without noise
     * @param noise the noise, or null for clean scores only
     * @param seed the run's seed: the noisy draw is reseeded from it
     * @param batchSize evaluation batch size
     * @param classification whether accuracy is scored
     * @param manager the model's manager
     * @return the scores
     */
    static Scores score(TappedBlock model, DeviceDataset test, Noise noise, long seed, int batchSize, boolean classification, NDManager manager) {
        Objective cleanObjective = outputLoss(classification, View.TRAINED_CLEAN);
        SplitMetrics clean = Evaluator.evaluate(model, null, cleanObjective, test, batchSize, View.TRAINED_CLEAN, classification, manager);
        if (noise == null) {
            return new Scores(clean, null);
        }
        Seeds.reseed(seed, "test-noise", 0);
        Objective noisyObjective = outputLoss(classification, View.TRAINED_NOISY);
        SplitMetrics noisy = Evaluator.evaluate(model, null, noisyObjective, test.withFixedNoise(noise), batchSize, View.TRAINED_NOISY, classification, manager);
        return new Scores(clean, noisy);
    }

    /** The test figure: the output loss (cross-entropy or squared error) on one view, whatever the run's objective. */
    private static Objective outputLoss(boolean classification, View view) {
        return new Objective(List.of(new WeightedTerm(classification ? new CrossEntropyTerm(view) : new SquaredErrorTerm(view), 1.0)));
    }
}
