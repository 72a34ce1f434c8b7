package kdlab.engine.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How parameters move.
 *
 * @param type sgd (default) or adam
 * @param lr the base learning rate (default 0.05)
 * @param momentum SGD momentum (default 0.9)
 * @param weightDecay L2 weight decay (default 0)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptimizerSetting(String type, Double lr, Double momentum, Double weightDecay) {
    /**
     * @return this setting with every absent value at its default
     */
    public OptimizerSetting withDefaults() {
        return new OptimizerSetting(type == null ? "sgd" : type, lr == null ? 0.05 : lr, momentum == null ? 0.9 : momentum,
                weightDecay == null ? 0.0 : weightDecay);
    }
}
