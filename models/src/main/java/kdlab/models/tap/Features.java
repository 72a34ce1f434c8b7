package kdlab.models.tap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import kdlab.models.ModelSpecException;

/**
 * The result of a tapped forward pass: the network's output and its features by tap name.
 *
 * <p>The map is an unmodifiable copy that keeps the taps in network order (input side first).
 * Arrays are not copied: they stay owned by the manager of the forward pass.
 *
 * @param output the network's output (logits for a classifier)
 * @param taps the features, keyed by tap name, in network order
 */
public record Features(NDArray output, Map<String, NDArray> taps) {

    /**
     * Validates and copies.
     *
     * @param output the network's output
     * @param taps the features by tap name, in network order
     * @throws NullPointerException if the output, the map, a name or an array is null
     */
    public Features {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(taps, "taps");
        // LinkedHashMap rather than Map.copyOf: the order of taps is the order of layers, and
        // objectives that pair student and teacher taps rely on it.
        Map<String, NDArray> copy = new LinkedHashMap<>();
        taps.forEach(
                (name, array) ->
                        copy.put(
                                Objects.requireNonNull(name, "tap name"),
                                Objects.requireNonNull(array, "tap array")));
        taps = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads the list a {@link TappedBlock} forward pass returns.
     *
     * @param list the output first, then one array per tap
     * @param tapNames the taps' names, in the order of the list
     * @return the features
     * @throws ModelSpecException if the list does not hold one array more than there are names,
     *     if a name repeats, or if an array carries a name other than its tap's
     */
    public static Features from(NDList list, List<String> tapNames) {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(tapNames, "tapNames");
        if (list.size() != tapNames.size() + 1) {
            throw new ModelSpecException(
                    "tapped forward output: expected "
                            + (tapNames.size() + 1)
                            + " arrays (output and taps "
                            + tapNames
                            + "), found "
                            + list.size()
                            + " arrays");
        }
        Map<String, NDArray> taps = new LinkedHashMap<>();
        for (int i = 0; i < tapNames.size(); i++) {
            String name = tapNames.get(i);
            NDArray array = list.get(i + 1);
            // An array named otherwise means the names and the network disagree: catch it here
            // rather than train against the wrong layer.
            if (array.getName() != null && !array.getName().equals(name)) {
                throw new ModelSpecException(
                        "tapped forward output element " + (i + 1),
                        "an array named '" + name + "'",
                        array.getName());
            }
            if (taps.put(name, array) != null) {
                throw new ModelSpecException("tap names", "unique names", tapNames);
            }
        }
        return new Features(list.get(0), taps);
    }

    /**
     * The feature recorded at a tap.
     *
     * @param name the tap's name
     * @return the array
     * @throws ModelSpecException if there is no such tap; the message lists the known names
     */
    public NDArray tap(String name) {
        NDArray array = taps.get(name);
        if (array == null) {
            throw new ModelSpecException("tap", "one of " + taps.keySet(), name);
        }
        return array;
    }

    /**
     * The names of the taps, in network order.
     *
     * @return an unmodifiable view of the names
     */
    public Set<String> tapNames() {
        return taps.keySet();
    }
}
