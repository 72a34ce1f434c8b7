package kdlab.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values gathered by series and x, in first-seen order, then reduced to mean ± std: the shape every plot
 * kind draws.
 */
final class Points {
    private final Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();

    /**
     * @param series the series label
     * @param x the x value as text
     * @param y a value; non-finite values are left out
     */
    void add(String series, String x, double y) {
        if (Double.isFinite(y)) {
            values.computeIfAbsent(series, s -> new LinkedHashMap<>()).computeIfAbsent(x, k -> new ArrayList<>()).add(y);
        }
    }

    /** @return whether any value was added */
    boolean isEmpty() {
        return values.isEmpty();
    }

    /** @return the series labels in first-seen order */
    List<String> series() {
        return List.copyOf(values.keySet());
    }

    /** @return every x value in first-seen order over all series */
    List<String> xs() {
        java.util.LinkedHashSet<String> xs = new java.util.LinkedHashSet<>();
        values.values().forEach(m -> xs.addAll(m.keySet()));
        return List.copyOf(xs);
    }

    /** @return whether every x value reads as a number */
    boolean numericX() {
        return xs().stream().allMatch(x -> Double.isFinite(ResultRow.parse(x)));
    }

    /**
     * @param series a series
     * @param x an x value
     * @return the statistics at that point, n = 0 when it has none
     */
    MetricStats at(String series, String x) {
        List<Double> v = values.getOrDefault(series, Map.of()).getOrDefault(x, List.of());
        return MetricStats.of(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
