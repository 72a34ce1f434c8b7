package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import kdlab.engine.UsageException;
import kdlab.engine.run.Json;
import kdlab.engine.study.StudyAnalysis;

/**
 * Makes a report of sweep and run directories: results.csv, timings.csv, summary.csv, verdicts.json, plots
 * (PNG and SVG) and report.md. Everything the inputs could get wrong (a claim naming no rows, a bad plot) is
 * found before the first file is written, and the files are written into a temporary sibling directory moved
 * into place at the end, so a failed report leaves nothing half-written.
 */
public final class ReportWriter {
    /** The plots folder inside a report. */
    public static final String PLOTS = "plots";
    /** The plot a sweep without plots gets. */
    static final String DEFAULT_PLOT = ResultColumns.TEST_ACCURACY;

    private ReportWriter() {}

    /**
     * What a report found.
     *
     * @param dir the report's directory
     * @param rows every run, in report order
     * @param verdicts every verdict: the sweeps' claims, then the extra analyses'
     */
    public record Result(Path dir, List<ResultRow> rows, List<Verdict> verdicts) {
        /** Defensive copies. */
        public Result {
            rows = List.copyOf(rows);
            verdicts = List.copyOf(verdicts);
        }
    }

    /**
     * Writes a report into a new or empty directory.
     *
     * @param dirs sweep directories, run directories or directories holding runs
     * @param out the report directory: it must not exist or be empty
     * @param extra analyses run on every sweep given, adding Markdown and verdicts
     * @param log where progress goes
     * @return what the report found
     * @throws IOException on a write failure
     * @throws UsageException naming the directory, claim or plot at fault
     */
    public static Result write(List<Path> dirs, Path out, List<StudyAnalysis> extra, PrintStream log) throws IOException {
        return write(dirs, out, false, extra, log);
    }

    /**
     * @param dirs sweep directories, run directories or directories holding runs
     * @param out the report directory
     * @param overwrite whether a non-empty {@code out} may be replaced
     * @param extra analyses run on every sweep given, adding Markdown and verdicts
     * @param log where progress goes
     * @return what the report found
     * @throws IOException on a write failure
     * @throws UsageException naming the directory, claim or plot at fault
     */
    public static Result write(List<Path> dirs, Path out, boolean overwrite, List<StudyAnalysis> extra, PrintStream log) throws IOException {
        if (dirs.isEmpty()) {
            throw new UsageException("report: expected at least one sweep or run directory, found none");
        }
        checkOut(dirs, out, overwrite);
        List<ReportInput> inputs = dirs.stream().map(InputReader::read).toList();
        List<ResultRow> rows = inputs.stream().flatMap(i -> i.rows().stream()).toList();
        List<String> axes = axes(inputs);
        List<Verdict> verdicts = new ArrayList<>();
        for (ReportInput in : inputs) {
            JsonNode claims = in.analysis("claims");
            if (claims != null) {
                verdicts.addAll(ClaimTests.decideAll(claims, in.dir().resolve(kdlab.engine.sweep.Grid.FILE) + " analysis.claims", in.rows()));
            }
        }
        List<ReportPlot> plots = plots(inputs);
        List<SummaryGroup> groups = SummaryTable.of(rows);

        Path abs = out.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        try {
            ResultsCsv.write(tmp.resolve("results.csv"), rows, axes);
            ResultsCsv.writeTimings(tmp.resolve("timings.csv"), rows);
            SummaryTable.writeCsv(tmp.resolve("summary.csv"), groups, axes);
            for (ReportPlot p : plots) {
                if (p.chart() != null) {
                    Charts.write(p.chart(), tmp.resolve(PLOTS), p.file());
                }
            }
            List<String> sections = new ArrayList<>();
            for (StudyAnalysis analysis : extra) {
                for (ReportInput in : inputs) {
                    if (in.grid() != null) {
                        StudyAnalysis.Result r = analysis.analyse(in.dir(), in.grid(), tmp, log);
                        sections.add(r.markdown());
                        verdicts.addAll(r.verdicts());
                    }
                }
            }
            Json.MAPPER.writeValue(tmp.resolve("verdicts.json").toFile(), verdicts);
            Files.writeString(tmp.resolve("report.md"), ReportMarkdown.render(inputs, groups, plots, verdicts, sections), StandardCharsets.UTF_8);
            replace(tmp, abs);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        long done = rows.stream().filter(ResultRow::done).count();
        log.println("report: " + rows.size() + " runs (" + done + " done, " + (rows.size() - done) + " missing), " + verdicts.size() + " verdicts -> " + out);
        return new Result(out, rows, verdicts);
    }

    private static void checkOut(List<Path> dirs, Path out, boolean overwrite) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        for (Path d : dirs) {
            if (d.toAbsolutePath().normalize().startsWith(abs)) {
                throw new UsageException("--out " + out + ": it holds the input " + d + "; choose a report directory outside the inputs");
            }
        }
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new UsageException("--out " + out + ": expected a directory, found a file");
        }
        try (Stream<Path> s = Files.list(out)) {
            if (s.findAny().isPresent() && !overwrite) {
                throw new UsageException("--out " + out + ": the directory already holds files; choose another --out or add --overwrite");
            }
        }
    }

    /** Every sweep's axes but the seed, in first-seen order. */
    private static List<String> axes(List<ReportInput> inputs) {
        Set<String> axes = new LinkedHashSet<>();
        for (ReportInput in : inputs) {
            if (in.grid() != null) {
                in.grid().axes().stream().filter(a -> !a.equals(ResultColumns.SEED)).forEach(axes::add);
            }
        }
        return List.copyOf(axes);
    }

    /**
     * Draws every input's plots (a default one for an input that names none). A file name already taken by an
     * earlier input's plot is prefixed with the input's name.
     */
    private static List<ReportPlot> plots(List<ReportInput> inputs) {
        List<ReportPlot> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (ReportInput in : inputs) {
            String source = in.dir().resolve(kdlab.engine.sweep.Grid.FILE) + " analysis.plots";
            JsonNode list = in.analysis("plots");
            List<PlotSpec> specs = new ArrayList<>();
            if (list != null) {
                if (!list.isArray()) {
                    throw new UsageException(source + ": expected a list of plots, found " + ClaimSpec.kind(list));
                }
                for (int i = 0; i < list.size(); i++) {
                    specs.add(PlotSpec.parse(list.get(i), source + "[" + i + "]"));
                }
            }
            if (specs.isEmpty()) {
                specs.add(new PlotSpec(in.name() + " default plot", DEFAULT_PLOT, "groups", null, ResultColumns.TEST_ACCURACY, null, RowFilter.ALL,
                        ResultColumns.TEST_ACCURACY + " by group, " + in.name() + " (mean ± std over seeds)"));
            }
            for (PlotSpec spec : specs) {
                String file = taken.contains(spec.name()) ? in.name() + "-" + spec.name() : spec.name();
                if (!taken.add(file)) {
                    throw spec.error("name: a plot named '" + file + "' is already in this report; give each plot its own name");
                }
                out.add(new ReportPlot(in.name(), file, spec, PlotKinds.draw(spec, in.runs())));
            }
        }
        return out;
    }

    /** Moves the finished report into place, keeping the old one until the new one is there. */
    private static void replace(Path tmp, Path out) throws IOException {
        Path aside = null;
        if (Files.exists(out)) {
            aside = out.resolveSibling("." + out.getFileName() + ".old-" + tmp.getFileName().toString().replaceAll(".*\\.tmp-", ""));
            Files.move(out, aside);
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        if (aside != null) {
            deleteTree(aside);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
