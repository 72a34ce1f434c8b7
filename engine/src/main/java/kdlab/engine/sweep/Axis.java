package kdlab.engine.sweep;

import java.util.List;

/**
 * One axis of a sweep: a name and its values, each a label and the overrides it applies. A path axis
 * ({@code noise.spec: [a, b]}) has values whose label is the value and whose override is {@code PATH=VALUE};
 * a named axis ({@code method: {baseline: [...], kd: [...]}}) has labelled lists of overrides.
 *
 * @param name the axis name, a column of the report
 * @param values the values in sweep order
 */
public record Axis(String name, List<Value> values) {
    /** The seed axis's name; it is always last. */
    public static final String SEED = "seed";

    /** Defensive copy. */
    public Axis {
        values = List.copyOf(values);
    }

    /**
     * @param label how the value is named in the cell name and the report
     * @param sets the {@code PATH=VALUE} overrides it applies, in order
     */
    public record Value(String label, List<String> sets) {
        /** Defensive copy. */
        public Value {
            sets = List.copyOf(sets);
        }
    }
}
