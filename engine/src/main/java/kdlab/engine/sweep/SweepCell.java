package kdlab.engine.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One cell of a sweep's grid: an ordinary run, named by its axis values.
 *
 * @param index the cell's position in the grid (shards take index mod N)
 * @param name the run directory's name under {@code DIR/cells/}, made from the axis values only
 * @param values each axis's value, by axis name, in axis order (the seed axis is {@code seed})
 * @param sets every {@code PATH=VALUE} applied to the sweep's experiment, in order
 * @param command a stand-alone {@code kdlab train} command that computes the same run
 */
public record SweepCell(
        @JsonProperty("index") int index,
        @JsonProperty("name") String name,
        @JsonProperty("values") Map<String, String> values,
        @JsonProperty("sets") List<String> sets,
        @JsonProperty("command") String command) {
    /** Defensive copies; the maps keep their axis order. */
    public SweepCell {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        sets = List.copyOf(sets);
    }
}
