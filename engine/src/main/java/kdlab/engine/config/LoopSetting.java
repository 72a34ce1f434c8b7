package kdlab.engine.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How long and in what steps a run trains.
 *
 * @param batchSize examples per step (default 128); 0 means the whole training set, i.e. full-batch gradient
 *     descent, as the kernel-regime analysis assumes
 * @param earlyStop patience in epochs without a better validation score; 0 (default) for none
 * @param toZeroLoss train until the training loss is below {@code zeroLoss} and keep the last weights
 * @param zeroLoss the training loss counted as zero (default 1e-3)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoopSetting(Integer batchSize, Integer earlyStop, Boolean toZeroLoss, Double zeroLoss) {
    /**
     * @return this setting with every absent value at its default
     */
    public LoopSetting withDefaults() {
        return new LoopSetting(batchSize == null ? 128 : batchSize, earlyStop == null ? 0 : earlyStop, toZeroLoss != null && toZeroLoss,
                zeroLoss == null ? 1e-3 : zeroLoss);
    }
}
