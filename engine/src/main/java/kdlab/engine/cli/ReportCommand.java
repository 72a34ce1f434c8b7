package kdlab.engine.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import kdlab.engine.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdlab report}: merges sweep and run directories into tables, plots, verdicts and report.md. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write results.csv, summary.csv, plots, verdicts and report.md for sweep directories, run directories "
                + "or directories holding runs.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "A sweep directory (grid.json), a run directory (config.json) or a directory holding runs.")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "REPORT", description = "The report directory; it must be new or empty unless --overwrite.")
    Path out;

    @Option(names = "--overwrite", description = "Replace a report already in --out.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        ReportWriter.write(dirs, out, overwrite, List.of(), System.out);
        System.out.println("report: " + out.resolve("report.md"));
        return ExitCodes.OK;
    }
}
