package kdlab.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks and selections the claim tests share. A claim that names a column, axis or value no row has is
 * a mistake in the sweep file and is refused with what exists; a claim whose rows are not finished yet is
 * merely inconclusive.
 */
final class ClaimRows {
    private ClaimRows() {}

    /**
     * @param spec the claim
     * @param rows the sweep's rows
     * @return the rows its {@code where} selects, finished or not
     */
    static List<ResultRow> selected(ClaimSpec spec, List<ResultRow> rows) {
        return spec.where().apply(rows, spec::error);
    }

    /**
     * @param column a column or axis name
     * @param rows the rows
     * @param error makes the exception
     * @param key the claim or plot key naming it
     */
    static void checkColumn(String column, List<ResultRow> rows, java.util.function.Function<String, RuntimeException> error, String key) {
        if (rows.stream().noneMatch(r -> r.value(column) != null)) {
            Set<String> known = new LinkedHashSet<>();
            rows.forEach(r -> known.addAll(r.axes().keySet()));
            known.addAll(ResultColumns.AFTER_AXES);
            throw error.apply(key + ": expected an axis or results column, found '" + column + "'; known: " + String.join(", ", known));
        }
    }

    /**
     * @param axis an axis name
     * @param rows the rows
     * @param error makes the exception
     * @param key the claim key naming it
     */
    static void checkAxis(String axis, List<ResultRow> rows, java.util.function.Function<String, RuntimeException> error, String key) {
        if (rows.stream().noneMatch(r -> r.axes().containsKey(axis))) {
            Set<String> axes = new LinkedHashSet<>();
            rows.forEach(r -> axes.addAll(r.axes().keySet()));
            throw error.apply(key + ": expected an axis of the sweep, found '" + axis + "'; axes: " + (axes.isEmpty() ? "none" : String.join(", ", axes)));
        }
    }

    /**
     * @param spec the claim
     * @param axis its axis
     * @param value a value it compares
     * @param key the claim key naming the value
     * @param rows the selected rows
     */
    static void checkValue(ClaimSpec spec, String axis, String value, String key, List<ResultRow> rows) {
        if (rows.stream().noneMatch(r -> same(r.value(axis), value))) {
            throw spec.error(key + ": no run has " + axis + "=" + value + "; the values there are " + values(axis, rows));
        }
    }

    /**
     * Refuses a metric that is no column, or that no finished row has a value of: either is a mistake in the
     * claim, not an unfinished sweep.
     *
     * @param spec the claim
     * @param rows the selected rows
     */
    static void checkMetric(ClaimSpec spec, List<ResultRow> rows) {
        checkNumeric(spec, spec.metric(), "metric", rows);
    }

    /**
     * @param spec the claim
     * @param column a column read as numbers
     * @param key the claim key naming it
     * @param rows the selected rows
     */
    static void checkNumeric(ClaimSpec spec, String column, String key, List<ResultRow> rows) {
        checkColumn(column, rows, spec::error, key);
        List<ResultRow> done = rows.stream().filter(ResultRow::done).toList();
        if (!done.isEmpty() && done.stream().noneMatch(r -> Double.isFinite(r.number(column)))) {
            throw spec.error(key + ": no finished run has a number in column '" + column + "' (" + done.size() + " finished runs selected)");
        }
    }

    /**
     * @param a a row's value, or null
     * @param b a value as the claim writes it
     * @return whether they are the same value, as text or as numbers ("0.5" and "0.50")
     */
    static boolean same(String a, String b) {
        if (a == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        double x = ResultRow.parse(a);
        double y = ResultRow.parse(b);
        return !Double.isNaN(x) && x == y;
    }

    private static String values(String column, List<ResultRow> rows) {
        List<String> v = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(r -> r.value(column)).filter(x -> x != null).toList()));
        return v.isEmpty() ? "none" : String.join(", ", v);
    }
}
