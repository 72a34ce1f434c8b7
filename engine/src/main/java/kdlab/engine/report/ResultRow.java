package kdlab.engine.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run as the report sees it: one row of results.csv. Every value is kept as the text written to the file,
 * so what a claim or plot computes is exactly what a reader of results.csv would compute.
 *
 * @param sweep the file name of the directory given
 * @param run the cell's name, or the run's path relative to the directory given
 * @param group the summary group: the axis values but the seed for a sweep cell ("all" when there are none),
 *     the run itself for a run outside a sweep, whose replicates the report cannot know
 * @param axes the cell's axis values but the seed, by axis name in grid order (empty outside a sweep)
 * @param values the columns of {@link ResultColumns#AFTER_AXES} and {@link ResultColumns#TRAIN_SECONDS}; "" when
 *     unknown
 */
public record ResultRow(String sweep, String run, String group, Map<String, String> axes, Map<String, String> values) {
    /** Defensive copies that keep the axis order. */
    public ResultRow {
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * A sweep cell's row, its group made from its axes.
     *
     * @param sweep the sweep's name
     * @param run the cell's name
     * @param axes the axis values but the seed
     * @param values the other columns
     * @return the row
     */
    public static ResultRow cell(String sweep, String run, Map<String, String> axes, Map<String, String> values) {
        return new ResultRow(sweep, run, groupOf(axes), axes, values);
    }

    /**
     * @param axes axis values but the seed
     * @return the group label: {@code a=1,b=x}, or "all" for none
     */
    public static String groupOf(Map<String, String> axes) {
        if (axes.isEmpty()) {
            return "all";
        }
        StringBuilder sb = new StringBuilder();
        axes.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * @param column an axis name or a results column
     * @return its text ("" when empty), or null when the row has no such column
     */
    public String value(String column) {
        if (axes.containsKey(column)) {
            return axes.get(column);
        }
        if (ResultColumns.RUN.equals(column)) {
            return run;
        }
        return values.get(column);
    }

    /**
     * @param column an axis name or a results column
     * @return its value as a number, NaN when empty, unknown or not a number
     */
    public double number(String column) {
        return parse(value(column));
    }

    /** @return whether the run finished */
    public boolean done() {
        return ResultColumns.DONE.equals(values.get(ResultColumns.STATUS));
    }

    /** @return the seed column ("" when unknown) */
    public String seed() {
        return values.getOrDefault(ResultColumns.SEED, "");
    }

    /**
     * @param text a cell of results.csv, or null
     * @return the number it holds, NaN when none
     */
    static double parse(String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
