package kdlab.engine.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.job.RunJob;
import kdlab.engine.run.AtomicFiles;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.run.RunLock;
import kdlab.engine.train.NonFiniteLossException;
import kdlab.engine.train.RunInterruptedException;
import kdlab.engine.train.StopRequest;

/**
 * Runs the cells of one shard of a sweep that are not done, in grid order: an unfinished cell is resumed, a
 * finished one skipped, one another process holds skipped, a failed one retried. Each cell runs under its run
 * lock, and whether it is done is checked again once the lock is held, so two processes never run the same
 * cell and a finished cell's files are never touched again.
 */
public final class SweepRunner {
    /** What one process did with its shard. */
    public record Outcome(int alreadyDone, int ran, int elsewhere, List<String> failures, int exitCode) {}

    private final Path dir;
    private final SweepFile sweep;
    private final Path experimentFile;
    private final Grid grid;

    private SweepRunner(Path dir, SweepFile sweep, Path experimentFile, Grid grid) {
        this.dir = dir;
        this.sweep = sweep;
        this.experimentFile = experimentFile;
        this.grid = grid;
    }

    /**
     * Reads the sweep, builds its grid and writes it to {@code dir/grid.json} before any cell runs; a directory
     * that holds another grid is refused.
     *
     * @param file the sweep file
     * @param scale the scale, or null
     * @param dir the sweep directory
     * @param extra overrides from the command line, applied last to every cell
     * @return a runner over the grid
     * @throws UsageException on a bad sweep or a directory that holds another sweep
     */
    public static SweepRunner prepare(Path file, String scale, Path dir, List<String> extra) {
        SweepFile sweep = SweepFile.read(file);
        Path experimentFile = sweep.experiment() != null ? sweep.experiment() : dir.resolve("experiment.yaml");
        Grid grid = GridBuilder.build(sweep, scale, experimentFile, extra);
        // Every cell's experiment is read now, so a bad override stops the sweep before anything is written.
        for (SweepCell cell : grid.cells()) {
            if (sweep.experiment() != null) {
                Experiments.read(experimentFile, cell.sets());
            } else {
                Experiments.fromTree(file + ": experiment", sweep.inlineExperiment(), cell.sets());
            }
        }
        try {
            if (Files.isRegularFile(dir.resolve(Grid.FILE))) {
                Grid existing = Grid.read(dir);
                if (!sameCells(existing, grid)) {
                    throw new UsageException("--out " + dir + ": the directory holds another sweep's grid (" + existing.sweep()
                            + (existing.scale() == null ? "" : ", scale " + existing.scale()) + ", " + existing.cells().size()
                            + " cells); choose another --out");
                }
            } else if (Files.isDirectory(dir) && !onlySweepFiles(dir)) {
                throw new UsageException("--out " + dir + ": expected a new or empty directory or a sweep directory (with " + Grid.FILE + "), found other files");
            }
            Files.createDirectories(dir);
            if (sweep.inlineExperiment() != null) {
                String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(sweep.inlineExperiment());
                AtomicFiles.writeString(experimentFile, yaml);
            }
            grid.write(dir);
        } catch (IOException e) {
            throw new UsageException("--out " + dir + ": cannot write the sweep's grid (" + e.getMessage() + ")", e);
        }
        return new SweepRunner(dir, sweep, experimentFile, grid);
    }

    private static boolean sameCells(Grid a, Grid b) {
        if (a.cells().size() != b.cells().size() || !java.util.Objects.equals(a.scale(), b.scale())) {
            return false;
        }
        for (int i = 0; i < a.cells().size(); i++) {
            SweepCell x = a.cells().get(i);
            SweepCell y = b.cells().get(i);
            if (!x.name().equals(y.name()) || !x.sets().equals(y.sets())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a directory without a grid holds nothing but what a sweep writes: another process of the same sweep
     * may be between writing the inline experiment and the grid, and a study places its file first.
     */
    private static boolean onlySweepFiles(Path dir) throws IOException {
        java.util.Set<String> own = java.util.Set.of(Grid.FILE, Grid.CELLS, Grid.TEACHERS, Grid.FAILED, "experiment.yaml", "study.yaml", "slurm", "k8s", "report");
        try (var s = Files.list(dir)) {
            return s.allMatch(p -> own.contains(p.getFileName().toString()) || p.getFileName().toString().endsWith(".tmp"));
        }
    }

    /** @return the grid */
    public Grid grid() {
        return grid;
    }

    /**
     * @param shard the cells to run
     * @param runtime device and intervals for every cell
     * @param log where progress goes
     * @return what was done; the exit code is 0 when no cell failed here
     * @throws RunInterruptedException when a stop was requested (the running cell has checkpointed)
     */
    public Outcome run(Shard shard, RuntimeSettings runtime, PrintStream log) {
        TeacherPool teachers = new TeacherPool(dir, runtime, log);
        int done = 0;
        int ran = 0;
        int elsewhere = 0;
        int exit = 0;
        List<String> failures = new ArrayList<>();
        List<SweepCell> mine = grid.cells().stream().filter(c -> shard.contains(c.index())).toList();
        log.printf(Locale.ROOT, "[sweep] %s: %d cells, %d in shard %s -> %s%n", sweep.file(), grid.cells().size(), mine.size(), shard, dir);
        for (SweepCell cell : mine) {
            if (StopRequest.pending() != null) {
                throw new RunInterruptedException("stopped before cell " + cell.name() + " (" + StopRequest.pending() + ")", StopRequest.exitCode());
            }
            Path run = Grid.runOf(dir, cell);
            if (Files.isRegularFile(run.resolve(RunDirectory.SUMMARY))) {
                done++;
                continue;
            }
            RunLock lock = RunLock.tryAcquire(run, log);
            if (lock == null) {
                log.printf(Locale.ROOT, "[sweep] cell %d %s: running in PID %s, skipped%n", cell.index(), cell.name(), RunLock.owner(run));
                elsewhere++;
                continue;
            }
            try (lock) {
                if (Files.isRegularFile(run.resolve(RunDirectory.SUMMARY))) {
                    done++;
                    continue;
                }
                log.printf(Locale.ROOT, "[sweep] cell %d/%d %s%s%n", cell.index() + 1, grid.cells().size(), cell.name(),
                        RunDirectory.holdsRun(run) ? " (resuming)" : "");
                try {
                    Experiment e = teachers.resolve(Experiments.read(experimentFile, cell.sets()));
                    RunJob.trainHeld(e, runtime, run, lock, log);
                    Files.deleteIfExists(CellState.failure(dir, cell));
                    ran++;
                } catch (RunInterruptedException stop) {
                    throw stop;
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new RunInterruptedException("interrupted while waiting for a teacher", 130);
                } catch (UsageException | NonFiniteLossException | kdlab.datasets.DataException | kdlab.models.ModelSpecException ex) {
                    exit = exit == 0 ? (ex instanceof NonFiniteLossException ? 3 : 2) : exit;
                    failures.add(fail(cell, ex.getMessage(), log));
                } catch (RuntimeException ex) {
                    // A bug shows its trace, and the other cells still run: one cell must not cost the whole grid.
                    ex.printStackTrace(log);
                    exit = 1;
                    failures.add(fail(cell, "internal error: " + ex, log));
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        log.printf(Locale.ROOT, "[sweep] shard %s: %d already done, %d run now, %d running elsewhere, %d failed%n",
                shard, done, ran, elsewhere, failures.size());
        return new Outcome(done, ran, elsewhere, failures, exit);
    }

    private String fail(SweepCell cell, String message, PrintStream log) {
        String line = String.valueOf(message).lines().findFirst().orElse("");
        log.printf(Locale.ROOT, "[sweep] cell %d %s failed: %s%n", cell.index(), cell.name(), line);
        try {
            Path f = CellState.failure(dir, cell);
            Files.createDirectories(f.getParent());
            AtomicFiles.writeString(f, line + "\n");
        } catch (IOException e) {
            log.printf(Locale.ROOT, "[sweep] cannot record the failure of %s: %s%n", cell.name(), e.getMessage());
        }
        return cell.name() + ": " + line;
    }
}
