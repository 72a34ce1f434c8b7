package kdlab.engine.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Means over one pass through a split.
 *
 * @param loss the objective's weighted total
 * @param parts each term's unweighted mean, by name
 * @param accuracy fraction of correct argmax predictions (NaN for regression)
 * @param count examples seen
 */
public record SplitMetrics(double loss, Map<String, Double> parts, double accuracy, long count) {
    /** Copies the parts. */
    public SplitMetrics {
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }
}
