package kdlab.engine.report;

import java.nio.file.Path;

/**
 * A row of the report with what the report needs beyond results.csv: where the run is, how to compute it
 * again and what it ran on.
 *
 * @param row the results row
 * @param dir the run directory (it may not exist for a cell not started)
 * @param command a {@code kdlab train} command that computes the run
 * @param versions the manifest's versions, or null when the run has no manifest.json
 * @param failure the error line a sweep left for a failed cell, or null
 */
public record ReportRun(ResultRow row, Path dir, String command, RunVersions versions, String failure) {}
