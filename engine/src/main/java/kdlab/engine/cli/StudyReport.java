package kdlab.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import kdlab.engine.report.ReportWriter;
import kdlab.engine.report.Verdict;
import kdlab.engine.study.Study;

/** Writes a finished study's report into {@code DIR/report}, replacing an earlier one, and prints its verdicts. */
final class StudyReport {
    /** The report's folder inside a study's directory. */
    static final String DIR = "report";

    private StudyReport() {}

    static int write(Study study, Path dir, PrintStream log) {
        try {
            ReportWriter.Result r = ReportWriter.write(List.of(dir), dir.resolve(DIR), true,
                    study.analysis() == null ? List.of() : List.of(study.analysis().get()), log);
            log.printf(Locale.ROOT, "[study] %s: report in %s%n", study.name(), dir.resolve(DIR).resolve("report.md"));
            for (Verdict v : r.verdicts()) {
                log.printf(Locale.ROOT, "[study]   %-16s %s: %s%n", v.outcome(), v.id(), v.effect());
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
