package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value of an objective on one batch: the weighted total that is differentiated, and each term's
 * unweighted value under its name, still on the device.
 *
 * @param total Σ weight·term
 * @param parts each term's value by name, in objective order
 */
public record LossBreakdown(NDArray total, Map<String, NDArray> parts) {
    /** Copies the parts. */
    public LossBreakdown {
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }
}
