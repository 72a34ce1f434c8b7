package kdlab.engine.train;

import kdlab.engine.objective.StepProgress;

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
 * @param phase the phase these epochs belong to ({@link StepProgress#MAIN} for the main training), as terms see it
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
        int checkpointEvery,
        String phase) {
    /**
     * Settings of the main training.
     *
     * @param epochs planned epochs, at least 1
     * @param batchSize examples per step, at least 1
     * @param seed the run seed
     * @param classification whether outputs are class logits
     * @param patience epochs without improvement before stopping; 0 disables early stopping
     * @param toZeroLoss stop once the training loss falls below the threshold and keep the last weights
     * @param zeroLossThreshold the training loss counted as zero
     * @param logEvery steps between reads of the running loss
     * @param scoredView the view whose output accuracy is measured on
     * @param checkpointEvery optimizer steps between mid-epoch checkpoints
     */
    public LoopSettings(int epochs, int batchSize, long seed, boolean classification, int patience, boolean toZeroLoss, double zeroLossThreshold,
            int logEvery, View scoredView, int checkpointEvery) {
        this(epochs, batchSize, seed, classification, patience, toZeroLoss, zeroLossThreshold, logEvery, scoredView, checkpointEvery, StepProgress.MAIN);
    }

    /**
     * The settings of a training phase before the main training: the same batches, seed and intervals, its own
     * epochs, every epoch trained (no early stop) and the last weights kept.
     *
     * @param name the phase's name
     * @param phaseEpochs its epochs
     * @return the phase's settings
     */
    public LoopSettings forPhase(String name, int phaseEpochs) {
        // To zero loss below -infinity: never stops before the planned epochs, keeps the last weights.
        return new LoopSettings(phaseEpochs, batchSize, seed, classification, 0, true, Double.NEGATIVE_INFINITY, logEvery, scoredView, checkpointEvery, name);
    }

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
