package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import kdlab.engine.UsageException;

/**
 * One plot of a sweep file's {@code plots:} list (copied into grid.json's {@code analysis.plots}).
 *
 * @param source where it was read, for messages
 * @param name the file name, without extension, under REPORT/plots/
 * @param kind the name of its {@link PlotKind} ({@code points} by default)
 * @param x the axis or column on the horizontal axis (points), or null
 * @param y the metric: a results column (points, groups) or {@code accuracy} / {@code loss} (curve)
 * @param series the axis whose values are the lines, or null for one
 * @param where axis or column values the runs must have
 * @param title the title, or null for one made from the others
 */
public record PlotSpec(String source, String name, String kind, String x, String y, String series, Map<String, String> where, String title) {
    /** The keys a plot may have. */
    public static final Set<String> KEYS = Set.of("name", "kind", "x", "y", "series", "where", "title");
    /** The kind of a plot that names none. */
    public static final String DEFAULT_KIND = "points";

    /** Defensive copy. */
    public PlotSpec {
        where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
    }

    /**
     * @param node the plot as written
     * @param source where it was read
     * @return the plot
     * @throws UsageException naming the source and key when a key is unknown, missing or malformed
     */
    public static PlotSpec parse(JsonNode node, String source) {
        if (node == null || !node.isObject()) {
            throw new UsageException(source + ": expected a plot mapping (name, x, y, ...), found " + ClaimSpec.kind(node));
        }
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            if (!KEYS.contains(k)) {
                throw new UsageException(source + ": unknown key '" + k + "'; known keys: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        String name = text(node, "name");
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException(source + ": name: expected a file name of letters, digits, '.', '_' and '-', found " + ClaimSpec.kind(node.get("name")));
        }
        String at = source + " (plot '" + name + "')";
        String y = text(node, "y");
        if (y == null) {
            throw new UsageException(at + ": y: expected a metric, found none");
        }
        Map<String, String> where = new LinkedHashMap<>();
        JsonNode w = node.get("where");
        if (w != null && !w.isNull()) {
            if (!w.isObject()) {
                throw new UsageException(at + ": where: expected a mapping of AXIS: VALUE, found " + ClaimSpec.kind(w));
            }
            w.fields().forEachRemaining(e -> where.put(e.getKey(), e.getValue().asText()));
        }
        String kind = text(node, "kind");
        return new PlotSpec(at, name, kind == null ? DEFAULT_KIND : kind, text(node, "x"), y, text(node, "series"), where, text(node, "title"));
    }

    /**
     * @param what what is wrong, with what was expected and found
     * @return an exception naming the plot
     */
    public UsageException error(String what) {
        return new UsageException(source + ": " + what);
    }

    /**
     * @param made the title the kind makes from the keys
     * @return the title given, else the made one with the filter
     */
    String titleOr(String made) {
        if (title != null) {
            return title;
        }
        return where.isEmpty() ? made : made + " (" + ResultRow.groupOf(where) + ")";
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
