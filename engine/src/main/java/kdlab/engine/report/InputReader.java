package kdlab.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.engine.UsageException;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.sweep.Grid;
import kdlab.engine.sweep.SweepCell;

/**
 * Turns a directory given to {@code kdlab report} into its runs: a sweep directory (grid.json) gives every
 * cell, finished or not, in grid order; a run directory (config.json) gives itself; any other directory gives
 * the finished runs found under it, in path order.
 */
final class InputReader {
    private InputReader() {}

    /**
     * @param dir a directory given
     * @return its runs
     * @throws UsageException naming the directory when it is none of the three kinds
     */
    static ReportInput read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + ": expected a sweep directory (grid.json), a run directory (config.json) or a directory holding runs, found "
                    + (Files.exists(dir) ? "a file" : "nothing"));
        }
        String name = nameOf(dir);
        if (Grid.isSweep(dir)) {
            return sweep(dir, name);
        }
        if (RunDirectory.holdsRun(dir)) {
            ReportRun run = RunReader.read(dir, new RunReader.Known(name, name, Map.of(), null, name, null, dir, dir), null);
            return new ReportInput(name, dir, null, List.of(run));
        }
        List<Path> found = findRuns(dir);
        if (found.isEmpty()) {
            throw new UsageException(dir + ": expected a sweep directory (grid.json), a run directory (config.json) or a directory holding finished runs "
                    + "(config.json and summary.json), found none of these");
        }
        List<ReportRun> runs = new ArrayList<>();
        for (Path run : found) {
            String rel = relative(dir, run);
            runs.add(RunReader.read(run, new RunReader.Known(name, rel, Map.of(), null, rel, null, run, dir), null));
        }
        return new ReportInput(name, dir, null, runs);
    }

    private static ReportInput sweep(Path dir, String name) {
        Grid grid = Grid.read(dir);
        List<ReportRun> runs = new ArrayList<>();
        List<SweepCell> cells = new ArrayList<>(grid.cells());
        cells.sort(java.util.Comparator.comparingInt(SweepCell::index));
        for (SweepCell cell : cells) {
            Map<String, String> axes = new LinkedHashMap<>(cell.values());
            String seed = axes.remove(ResultColumns.SEED);
            Path run = Grid.runOf(dir, cell);
            RunReader.Known known = new RunReader.Known(name, cell.name(), axes, seed, null, cell.command(), run, dir);
            runs.add(RunReader.read(run, known, failure(dir, cell)));
        }
        return new ReportInput(name, dir, grid, runs);
    }

    private static String failure(Path dir, SweepCell cell) {
        Path f = dir.resolve(Grid.FAILED).resolve(cell.name() + ".txt");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Files.readString(f, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).findFirst().orElse("failed");
        } catch (IOException e) {
            return "failed (" + f + " unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Finished runs under a directory. The search does not enter a run, so an inline teacher's run (RUN/teacher)
     * is not reported as a run of its own, nor does it enter a sweep's shared teachers.
     */
    private static List<Path> findRuns(Path dir) {
        List<Path> runs = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (RunDirectory.holdsRun(d)) {
                        if (Files.isRegularFile(d.resolve(RunDirectory.SUMMARY))) {
                            runs.add(d);
                        }
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    boolean sweepTeachers = d.getFileName() != null && Grid.TEACHERS.equals(d.getFileName().toString())
                            && d.getParent() != null && Grid.isSweep(d.getParent());
                    return sweepTeachers ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UsageException(dir + ": cannot search for runs (" + e.getMessage() + ")", e);
        }
        runs.sort(java.util.Comparator.comparing(r -> relative(dir, r)));
        return runs;
    }

    /** '/'-separated, so results.csv is the same on every system. */
    private static String relative(Path base, Path p) {
        List<String> parts = new ArrayList<>();
        base.relativize(p).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    /**
     * @param dir a directory
     * @return its file name, also for "." and ".."
     */
    static String nameOf(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    }
}
