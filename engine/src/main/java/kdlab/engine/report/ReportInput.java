package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import kdlab.engine.sweep.Grid;

/**
 * One directory given to the report, read.
 *
 * @param name its file name: the {@code sweep} column and what the report calls it, so two copies of a sweep
 *     report the same apart from this name
 * @param dir the directory as given
 * @param grid its grid when it is a sweep, else null
 * @param runs its runs in report order (a sweep's by cell index, others by path)
 */
public record ReportInput(String name, Path dir, Grid grid, List<ReportRun> runs) {
    /** Defensive copy. */
    public ReportInput {
        runs = List.copyOf(runs);
    }

    /**
     * @param key "claims" or "plots"
     * @return the list under the grid's {@code analysis} key, or null when there is none
     */
    public JsonNode analysis(String key) {
        if (grid == null || grid.analysis() == null || grid.analysis().get(key) == null || grid.analysis().get(key).isNull()) {
            return null;
        }
        return grid.analysis().get(key);
    }

    /** @return the rows of its runs */
    public List<ResultRow> rows() {
        return runs.stream().map(ReportRun::row).toList();
    }
}
