package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.TeacherSetting;
import kdlab.engine.run.Json;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.sweep.Grid;

/**
 * Reads one run directory into a report row. summary.json and manifest.json are read as trees, not as their
 * records, so files written by older and newer kdlab versions (which add optional keys) both report: a key
 * the file lacks is an empty cell.
 */
final class RunReader {
    /** The name of an inline teacher's run inside its student's run. */
    static final String INLINE_TEACHER = "teacher";

    private RunReader() {}

    /**
     * What the caller knows of a run before reading it.
     *
     * @param sweep the name of the directory given
     * @param run the run's name in the report
     * @param axes axis values but the seed (empty outside a sweep)
     * @param seed the seed axis value, or null to take the config's
     * @param group the summary group, or null for the axes' group
     * @param command the command that computes the run, or null for {@code kdlab train --config RUN/config.json}
     * @param shown the run directory as the user would write it (the directory given, joined with the run's path)
     * @param base the directory given, where a relative teacher path is also looked for
     */
    record Known(String sweep, String run, Map<String, String> axes, String seed, String group, String command, Path shown, Path base) {}

    /**
     * @param dir the run directory
     * @param known what the caller knows
     * @param failure the sweep's error line for this cell, or null
     * @return the run as the report sees it
     */
    static ReportRun read(Path dir, Known known, String failure) {
        Map<String, String> v = new LinkedHashMap<>();
        ResultColumns.AFTER_AXES.forEach(c -> v.put(c, ""));
        v.put(ResultColumns.TRAIN_SECONDS, "");
        Path config = dir.resolve(RunDirectory.CONFIG);
        Experiment experiment = Files.isRegularFile(config) ? Experiments.readRun(config) : null;
        if (experiment != null) {
            v.put(ResultColumns.MODEL, nullToEmpty(experiment.model()));
            v.put(ResultColumns.SEED, experiment.seed() == null ? "" : String.valueOf(experiment.seed()));
            JsonNode teacherSummary = teacherSummary(dir, experiment.teacher(), known.base());
            ResultColumns.TEACHER_KEYS.forEach((column, key) -> v.put(column, teacherSummary == null ? "" : text(teacherSummary.get(key))));
        }
        if (known.seed() != null) {
            v.put(ResultColumns.SEED, known.seed());
        }
        Path summary = dir.resolve(RunDirectory.SUMMARY);
        boolean done = Files.isRegularFile(summary);
        if (done) {
            JsonNode tree = tree(summary);
            for (String key : ResultColumns.SUMMARY_KEYS) {
                v.put(key, text(tree.get(key)));
            }
            v.put(ResultColumns.TRAIN_SECONDS, text(tree.get(ResultColumns.TRAIN_SECONDS)));
            List<ValidationHistory.Point> points = ValidationHistory.read(dir.resolve(RunDirectory.METRICS)).points();
            if (!points.isEmpty()) {
                ValidationHistory.Point last = points.get(points.size() - 1);
                v.put(ResultColumns.LAST_VALIDATION_ACCURACY, number(last.accuracy()));
                v.put(ResultColumns.LAST_VALIDATION_LOSS, number(last.loss()));
            }
        }
        v.put(ResultColumns.STATUS, done ? ResultColumns.DONE : ResultColumns.MISSING);
        Path manifest = dir.resolve(RunDirectory.MANIFEST);
        RunVersions versions = done && Files.isRegularFile(manifest) ? RunVersions.of(tree(manifest)) : null;
        String group = known.group() != null ? known.group() : ResultRow.groupOf(known.axes());
        String command = known.command() != null ? known.command()
                : "kdlab train --config " + known.shown().resolve(RunDirectory.CONFIG) + " --out " + known.shown();
        return new ReportRun(new ResultRow(known.sweep(), known.run(), group, known.axes(), v), dir, command, versions, failure);
    }

    /**
     * The summary of the run's teacher, or null when it has none or it is not found: an inline teacher was
     * trained into RUN/teacher; a teacher path is tried as written (relative to the working directory), then
     * relative to the directory given and to the run, then as a shared teacher of the sweep given, so a report
     * made from elsewhere, or of a sweep copied from another machine, still finds them.
     */
    private static JsonNode teacherSummary(Path dir, TeacherSetting teacher, Path base) {
        if (teacher == null) {
            return null;
        }
        List<Path> candidates = new ArrayList<>();
        if (teacher.isInline()) {
            candidates.add(dir.resolve(INLINE_TEACHER));
        } else {
            Path p = Path.of(teacher.run());
            candidates.add(p);
            if (!p.isAbsolute()) {
                candidates.add(base.resolve(p));
                candidates.add(dir.resolve(p));
            }
            // A sweep's shared teacher is named by its absolute path: find it again in a sweep moved or copied since.
            if (p.getParent() != null && p.getParent().getFileName() != null && Grid.TEACHERS.equals(p.getParent().getFileName().toString())) {
                candidates.add(base.resolve(Grid.TEACHERS).resolve(p.getFileName().toString()));
            }
        }
        for (Path c : candidates) {
            Path summary = c.resolve(RunDirectory.SUMMARY);
            if (Files.isRegularFile(summary)) {
                return tree(summary);
            }
        }
        return null;
    }

    private static JsonNode tree(Path file) {
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new UsageException(file + ": expected a JSON object, found " + (node == null ? "an empty file" : node.getNodeType()));
            }
            return node;
        } catch (IOException e) {
            throw new UsageException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    /**
     * @param node a summary value, or null
     * @return its text for results.csv: integers as written, other numbers in the shortest form that reads back
     *     to the same double, NaN and missing as ""
     */
    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        if (node.isNumber()) {
            return number(node.doubleValue());
        }
        // Jackson writes NaN as the string "NaN".
        String t = node.asText();
        return "NaN".equals(t) ? "" : t;
    }

    /**
     * @param v a value
     * @return its shortest exact text, "" for NaN or infinity
     */
    static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
