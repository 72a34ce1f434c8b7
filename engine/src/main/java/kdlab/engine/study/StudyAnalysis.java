package kdlab.engine.study;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import kdlab.engine.report.Verdict;
import kdlab.engine.sweep.Grid;

/**
 * The part of a study that a generic report cannot do: computations of its own over the finished cells (the
 * kernel study's Gram matrix and predicted trajectories, for example). A study without one is fully described
 * by its sweep file's claims and plots.
 */
public interface StudyAnalysis {
    /**
     * @param sweepDir the finished sweep's directory
     * @param grid its grid
     * @param reportDir the report's directory, where files of the analysis may be written
     * @param log where progress goes
     * @return Markdown for the report and the verdicts decided here
     * @throws IOException when a file cannot be read or written
     */
    Result analyse(Path sweepDir, Grid grid, Path reportDir, PrintStream log) throws IOException;

    /**
     * @param markdown sections to add to report.md (may reference files written to the report's directory)
     * @param verdicts verdicts decided by the analysis
     */
    record Result(String markdown, List<Verdict> verdicts) {
        /** Defensive copy. */
        public Result {
            verdicts = List.copyOf(verdicts);
        }
    }
}
