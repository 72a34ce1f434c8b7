package kdlab.engine.train;

import kdlab.engine.objective.View;

/**
 * How the loop runs.
 *
 * @param epochs planned epochs, at least 1
 * @param batchSize examples per step, at least 1
 * @param seed the run seed; each epoch reseeds libtorch from it (see {@link kdlab.engine.Seeds})
 * @param classification whether outputs are class logits (accuracy is tracked and selects the best epoch)
 * @param patience epochs without improvement before stopping; 0 disables early stopping
 * @param toZeroLoss stop once the epoch's training loss falls below the threshold and keep the last weights
 * @param zeroLossThreshold the training loss counted as zero
 * @param logEvery steps between reads of the running loss from the device
 * @param scoredView the view whose output accuracy is measured on
 * @param checkpointEvery optimizer steps between mid-epoch checkpoints; 0 writes them at epoch ends only
 */
public record LoopSettings(
        int epochs,
        int batchSize,
        long seed,
        boolean classification,
        int patience,
        boolean toZeroLoss,
        double zeroLossThreshold,
        int logEvery,
        View scoredView,
        int checkpointEvery) {
    /** Validates the settings. */
    public LoopSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: expected at least 1, found " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size: expected at least 1, found " + batchSize);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("early-stop patience: expected 0 or more, found " + patience);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint interval: expected 0 or more steps, found " + checkpointEvery);
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("log interval: expected at least 1, found " + logEvery);
        }
    }
}
