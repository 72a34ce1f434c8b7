package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import kdlab.engine.UsageException;

/**
 * One plot of a sweep file's {@code plots:} list (copied into grid.json's {@code analysis.plots}).
 *
 * @param source where it was read, for messages
 * @param name the file name, without extension, under REPORT/plots/
 * @param kind the name of its {@link PlotKind} ({@code points} by default)
 * @param x the axis or results column on the horizontal axis (points; the sweep file says {@code x} or
 *     {@code x_metric}), or null
 * @param y the metric: a results column (points, groups) or {@code accuracy} / {@code loss} (curve)
 * @param series the axis whose values are the lines, or null for one
 * @param where the axis or column values the runs must have
 * @param title the title, or null for one made from the others
 */
public record PlotSpec(String source, String name, String kind, String x, String y, String series, RowFilter where, String title) {
    /** The keys a plot may have. */
    public static final Set<String> KEYS = Set.of("name", "kind", "x", "x_metric", "y", "series", "where", "title");
    /** The kind of a plot that names none. */
    public static final String DEFAULT_KIND = "points";

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
        RowFilter where = RowFilter.parse(node.get("where"), at);
        // x_metric is x naming a results column (as in a slope claim); either may name an axis or a column.
        if (node.has("x") && node.has("x_metric")) {
            throw new UsageException(at + ": expected one of x and x_metric, found both");
        }
        String x = node.has("x_metric") ? text(node, "x_metric") : text(node, "x");
        String kind = text(node, "kind");
        return new PlotSpec(at, name, kind == null ? DEFAULT_KIND : kind, x, y, text(node, "series"), where, text(node, "title"));
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
        return where.isEmpty() ? made : made + " (" + where.label() + ")";
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
