package kdlab.engine.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import kdlab.engine.study.Study;

/** Writes a finished study's report into {@code DIR/report}. */
final class StudyReport {
    private StudyReport() {}

    static int write(Study study, Path dir, PrintStream log) {
        throw new UnsupportedOperationException("the report is not wired in yet");
    }
}
