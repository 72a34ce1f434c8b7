package kdlab.engine.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.run.RunLock;

/** Where a cell stands, read from its files and its run lock (docs/sweeps.md). */
public enum CellState {
    /** summary.json exists. */
    DONE,
    /** A live process holds the cell's run lock. */
    RUNNING,
    /** The last attempt failed; its error line is in {@code failed/NAME.txt}. */
    FAILED,
    /** Not started, or left unfinished by a process that is gone (the next run resumes it). */
    PENDING;

    /**
     * @param sweepDir the sweep directory
     * @param cell a cell
     * @return its state now
     */
    public static CellState of(Path sweepDir, SweepCell cell) {
        Path run = Grid.runOf(sweepDir, cell);
        if (Files.isRegularFile(run.resolve(RunDirectory.SUMMARY))) {
            return DONE;
        }
        if (RunLock.isHeld(run)) {
            return RUNNING;
        }
        return Files.isRegularFile(failure(sweepDir, cell)) ? FAILED : PENDING;
    }

    /**
     * @param sweepDir the sweep directory
     * @param cell a cell
     * @return the file a failure of the cell is recorded in
     */
    public static Path failure(Path sweepDir, SweepCell cell) {
        return sweepDir.resolve(Grid.FAILED).resolve(cell.name() + ".txt");
    }
}
