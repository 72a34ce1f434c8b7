package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import kdlab.engine.UsageException;

/**
 * A claim's or plot's {@code where}: {@code {COLUMN: VALUE}} keeps the rows with that value of an axis or
 * results column, {@code {COLUMN: [V1, V2]}} the rows with any of them. Values compare as text or as numbers,
 * so {@code 0.5} in the sweep file matches the axis value {@code "0.50"}.
 *
 * @param values the accepted values by column, in the order written
 */
public record RowFilter(Map<String, List<String>> values) {
    /** No filter. */
    public static final RowFilter ALL = new RowFilter(Map.of());

    /** Defensive copies that keep the order. */
    public RowFilter {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * @param node the {@code where} mapping, or null
     * @param source where it was read, for messages
     * @return the filter
     * @throws UsageException naming the source when it is not a mapping of values or lists of values
     */
    public static RowFilter parse(JsonNode node, String source) {
        if (node == null || node.isNull()) {
            return ALL;
        }
        if (!node.isObject()) {
            throw new UsageException(source + ": where: expected a mapping of COLUMN: VALUE or COLUMN: [VALUE, ...], found " + ClaimSpec.kind(node));
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            List<String> accepted = new ArrayList<>();
            JsonNode v = e.getValue();
            for (JsonNode item : v.isArray() ? v : List.of(v)) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new UsageException(source + ": where." + e.getKey() + ": expected a value or a list of values, found " + ClaimSpec.kind(item));
                }
                accepted.add(item.asText());
            }
            if (accepted.isEmpty()) {
                throw new UsageException(source + ": where." + e.getKey() + ": expected at least one value, found an empty list");
            }
            values.put(e.getKey(), accepted);
        });
        return new RowFilter(values);
    }

    /**
     * @param rows the rows
     * @param error makes the exception naming the claim or plot
     * @return the rows that pass, finished or not
     * @throws RuntimeException from {@code error} when a column exists in no row or a value in none of the rows
     */
    public List<ResultRow> apply(List<ResultRow> rows, Function<String, RuntimeException> error) {
        List<ResultRow> out = rows;
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            ClaimRows.checkColumn(e.getKey(), rows, error, "where");
            List<ResultRow> next = out.stream().filter(r -> e.getValue().stream().anyMatch(v -> ClaimRows.same(r.value(e.getKey()), v))).toList();
            if (next.isEmpty()) {
                List<String> there = new ArrayList<>(new LinkedHashSet<>(out.stream().map(r -> r.value(e.getKey())).toList()));
                throw error.apply("where: no run has " + e.getKey() + "=" + String.join(" or ", e.getValue()) + "; the values there are "
                        + String.join(", ", there));
            }
            out = next;
        }
        return out;
    }

    /** @return e.g. {@code noise.spec=gaussian:1.0,teacher=n200|all}, for titles */
    public String label() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(String.join("|", v)));
        return sb.toString();
    }

    /** @return whether it keeps every row */
    public boolean isEmpty() {
        return values.isEmpty();
    }
}
