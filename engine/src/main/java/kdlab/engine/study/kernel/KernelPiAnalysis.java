package kdlab.engine.study.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;
import kdlab.engine.report.Verdict;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.study.StudyAnalysis;
import kdlab.engine.sweep.Grid;
import kdlab.engine.sweep.SweepCell;
import kdlab.models.ntk.NtkSpec;

/**
 * The {@code kernel-pi} study's analysis (Rahbar, Panahi et al., "Analysis of Knowledge Transfer in Kernel Regime",
 * arXiv 2003.13438; PAPERS.md §2.3; docs/studies.md, kernel-pi): every finished cell is replayed
 * ({@link TrajectoryReplay}), compared with the kernel-regime prediction ({@link CellAnalysis}), written to
 * {@value KernelPiFiles#CELLS_CSV} and {@value KernelPiFiles#TRAJECTORIES_CSV} with five plots, and judged by the
 * study file's rules ({@link KernelPiVerdicts}). A cell that is not finished, or that the prediction does not cover,
 * is listed in the report with its reason, not analysed.
 */
public final class KernelPiAnalysis implements StudyAnalysis {
    /** The sweep axis that names the teacher kind. */
    public static final String TEACHER_AXIS = "teacher";

    /** {@inheritDoc} */
    @Override
    public Result analyse(Path sweepDir, Grid grid, Path reportDir, PrintStream log) throws IOException {
        List<KernelPiRow> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (SweepCell cell : grid.cells()) {
            Path run = Grid.runOf(sweepDir, cell);
            if (!Files.isRegularFile(run.resolve(RunDirectory.SUMMARY))) {
                skipped.add(cell.name() + ": not finished");
                continue;
            }
            try {
                long t0 = System.nanoTime();
                Experiment e = RunDirectory.open(run).readConfig();
                Replay replay = TrajectoryReplay.replay(run, sweepDir);
                int width = ((NtkSpec) kdlab.models.ModelSpec.parse(e.model())).width();
                CellResult result = CellAnalysis.analyse(replay, width, KernelPiFiles.trainLosses(run.resolve(RunDirectory.METRICS)));
                String teacher = cell.values().getOrDefault(TEACHER_AXIS, TEACHER_AXIS);
                String seed = cell.values().getOrDefault("seed", Long.toString(e.seed()));
                rows.add(new KernelPiRow(cell.name(), teacher, seed, result));
                log.printf(Locale.ROOT, "[kernel-pi] %s: max relative error %.4f, iterations to eps %d (predicted %d), %.1fs%n", cell.name(),
                        result.maxRelativeError(), result.measuredIterations(), result.predictedIterations(), (System.nanoTime() - t0) / 1e9);
            } catch (UsageException ex) {
                skipped.add(cell.name() + ": " + ex.getMessage());
            }
        }
        Files.createDirectories(reportDir);
        KernelPiFiles.writeCsv(reportDir, rows);
        KernelPiFiles.writePlots(reportDir, rows);
        List<Verdict> verdicts = KernelPiVerdicts.decide(rows);
        return new Result(markdown(rows, skipped, reportDir), verdicts);
    }

    private static String markdown(List<KernelPiRow> rows, List<String> skipped, Path reportDir) {
        StringBuilder b = new StringBuilder("## kernel-pi: the kernel-regime prediction against the runs\n\n");
        b.append("Each finished cell was replayed in-process from its config.json (same inputs, initial student and teacher; ")
                .append("the replayed losses are checked against metrics.csv, column replay_vs_run_loss) and compared with ")
                .append("u(k) = z + (I - cH)^k (u(0) - z), c = 2 lr / (nK), H = H^inf of the training inputs ")
                .append("(docs/studies.md, kernel-pi). Per cell: ").append(KernelPiFiles.CELLS_CSV).append("; per iteration: ")
                .append(KernelPiFiles.TRAJECTORIES_CSV).append(".\n\n");
        b.append("| cell | teacher | alpha | m | max rel. error | iters measured / predicted | ||u(K)-y|| | alpha||t-y|| | sqrt(z'H^-1 z) | test error |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (KernelPiRow row : rows) {
            CellResult r = row.result();
            b.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %d | %.4f | %d / %d | %.3f | %.3f | %.3f | %.4f |%n", row.cell(), row.teacher(),
                    r.alpha(), r.width(), r.maxRelativeError(), r.measuredIterations(), r.predictedIterations(), r.fitToLabels(),
                    r.predictedFitToLabels(), r.capacity(), r.testError()));
        }
        b.append('\n');
        for (String plot : KernelPiFiles.PLOTS) {
            if (Files.isRegularFile(reportDir.resolve(plot))) {
                b.append("![").append(plot).append("](").append(plot).append(")\n\n");
            }
        }
        if (!skipped.isEmpty()) {
            b.append("Cells not analysed:\n\n");
            skipped.forEach(s -> b.append("- ").append(s).append('\n'));
            b.append('\n');
        }
        return b.toString();
    }
}
