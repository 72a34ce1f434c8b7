package kdlab.engine.run;

import java.util.Arrays;

/**
 * The training loop's counters, saved with every checkpoint so that a resumed run continues exactly:
 * with the per-epoch and per-step reseeding of {@link kdlab.engine.Seeds}, these counters plus parameters
 * and optimizer state determine everything that follows.
 *
 * @param epochsCompleted epochs finished
 * @param optimizerSteps optimizer steps taken
 * @param bestEpoch 1-based epoch of the best validation result so far (0 before any)
 * @param bestMetric that result: accuracy for classification, negated loss for regression
 * @param epochsSinceBest epochs since the best, for early stopping
 * @param stepInEpoch steps already taken in the unfinished epoch (0 at an epoch boundary)
 * @param trainSums the unfinished epoch's running sums (null at an epoch boundary)
 * @param trainCount examples behind {@code trainSums}
 */
public record LoopState(
        int epochsCompleted,
        long optimizerSteps,
        int bestEpoch,
        double bestMetric,
        int epochsSinceBest,
        int stepInEpoch,
        float[] trainSums,
        long trainCount) {

    /** Copies the sums. */
    public LoopState {
        trainSums = trainSums == null ? null : trainSums.clone();
    }

    /**
     * A state at an epoch boundary.
     *
     * @param epochsCompleted epochs finished
     * @param optimizerSteps optimizer steps taken
     * @param bestEpoch best epoch so far
     * @param bestMetric its validation figure
     * @param epochsSinceBest epochs since then
     */
    public LoopState(int epochsCompleted, long optimizerSteps, int bestEpoch, double bestMetric, int epochsSinceBest) {
        this(epochsCompleted, optimizerSteps, bestEpoch, bestMetric, epochsSinceBest, 0, null, 0);
    }

    /** @return the state before the first epoch */
    public static LoopState initial() {
        return new LoopState(0, 0, 0, Double.NEGATIVE_INFINITY, 0);
    }

    /**
     * @param steps steps taken in the unfinished epoch
     * @param totalSteps optimizer steps in all
     * @param sums its running sums
     * @param count examples behind them
     * @return this state inside an epoch
     */
    public LoopState midEpoch(int steps, long totalSteps, float[] sums, long count) {
        return new LoopState(epochsCompleted, totalSteps, bestEpoch, bestMetric, epochsSinceBest, steps, sums, count);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoopState s
                && epochsCompleted == s.epochsCompleted
                && optimizerSteps == s.optimizerSteps
                && bestEpoch == s.bestEpoch
                && Double.compare(bestMetric, s.bestMetric) == 0
                && epochsSinceBest == s.epochsSinceBest
                && stepInEpoch == s.stepInEpoch
                && Arrays.equals(trainSums, s.trainSums)
                && trainCount == s.trainCount;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {epochsCompleted, optimizerSteps, bestEpoch, bestMetric, epochsSinceBest, stepInEpoch, trainCount})
                * 31 + Arrays.hashCode(trainSums);
    }

    @Override
    public String toString() {
        return "LoopState[epochs=" + epochsCompleted + ", steps=" + optimizerSteps + ", best=" + bestEpoch + ", stepInEpoch=" + stepInEpoch + "]";
    }
}
