package kdlab.engine.train;

/**
 * One epoch's figures.
 *
 * @param epoch 1-based epoch
 * @param epochs planned epochs
 * @param train means over the epoch's training steps
 * @param validation means over the validation split after the epoch
 * @param lr the learning rate of the epoch's last step
 * @param trainSeconds wall time of the training steps
 * @param validationSeconds wall time of the validation pass
 * @param improved whether this epoch became the best so far
 */
public record EpochRecord(
        int epoch,
        int epochs,
        SplitMetrics train,
        SplitMetrics validation,
        double lr,
        double trainSeconds,
        double validationSeconds,
        boolean improved) {}
