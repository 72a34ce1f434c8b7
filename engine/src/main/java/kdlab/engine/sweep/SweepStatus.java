package kdlab.engine.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** {@code kdlab sweep status}: how many cells are done, running, failed and pending, and which ones are not done. */
public final class SweepStatus {
    private SweepStatus() {}

    /**
     * @param dir a sweep directory
     * @param out where the table goes
     * @return the count of cells in each state
     */
    public static Map<CellState, Integer> print(Path dir, PrintStream out) {
        if (!Grid.isSweep(dir)) {
            throw new kdlab.engine.UsageException(dir + ": expected a sweep directory with " + Grid.FILE + ", found none");
        }
        Grid grid = Grid.read(dir);
        Map<CellState, Integer> counts = new EnumMap<>(CellState.class);
        for (CellState s : CellState.values()) {
            counts.put(s, 0);
        }
        StringBuilder lines = new StringBuilder();
        for (SweepCell cell : grid.cells()) {
            CellState s = CellState.of(dir, cell);
            counts.merge(s, 1, Integer::sum);
            if (s != CellState.DONE) {
                lines.append(String.format(Locale.ROOT, "  %-8s %3d %s%s%n", s.name().toLowerCase(Locale.ROOT), cell.index(), cell.name(), detail(dir, cell, s)));
            }
        }
        out.printf(Locale.ROOT, "%s (%s%s): %d cells: %d done, %d running, %d failed, %d pending%n", dir, grid.sweep(),
                grid.scale() == null ? "" : ", scale " + grid.scale(), grid.cells().size(), counts.get(CellState.DONE), counts.get(CellState.RUNNING),
                counts.get(CellState.FAILED), counts.get(CellState.PENDING));
        out.print(lines);
        return counts;
    }

    private static String detail(Path dir, SweepCell cell, CellState s) {
        try {
            if (s == CellState.FAILED) {
                return ": " + Files.readString(CellState.failure(dir, cell)).trim();
            }
            if (s == CellState.RUNNING) {
                return " (PID " + kdlab.engine.run.RunLock.owner(Grid.runOf(dir, cell)) + ")";
            }
            if (s == CellState.PENDING && kdlab.engine.run.RunDirectory.holdsRun(Grid.runOf(dir, cell))) {
                return " (started; the next sweep run resumes it)";
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
