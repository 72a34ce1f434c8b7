package kdlab.engine.run;

/**
 * The training loop's counters, saved with every checkpoint.
 *
 * @param epochsCompleted epochs finished
 * @param optimizerSteps optimizer steps taken
 * @param bestEpoch 1-based epoch of the best validation result so far (0 before any)
 * @param bestMetric that result: accuracy for classification, negated loss for regression
 * @param epochsSinceBest epochs since the best, for early stopping
 */
public record LoopState(int epochsCompleted, long optimizerSteps, int bestEpoch, double bestMetric, int epochsSinceBest) {
    /** @return the state before the first epoch */
    public static LoopState initial() {
        return new LoopState(0, 0, 0, Double.NEGATIVE_INFINITY, 0);
    }
}
