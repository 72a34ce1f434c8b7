package kdlab.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import kdlab.engine.study.Studies;
import kdlab.engine.study.Study;
import kdlab.engine.study.StudyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kdlab study NAME [--scale smoke|full] --out DIR}: a shipped study's sweep, then its report with verdicts
 * (docs/studies.md). Run it again after an interruption: finished cells are kept.
 */
@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a shipped study: its grid of runs, then its report with tables, plots and a verdict per claim in DIR/report.",
                "Studies: hong-early-stopping, hong-teacher-knowledge, hong-decomposition, hong-noise, kernel-pi, soteacher, zoo (see docs/studies.md)."})
public final class StudyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "The study.")
    String name;

    @Option(names = "--scale", description = "smoke (minutes on a CPU) or full (paper scale, for a GPU workstation) (default: ${DEFAULT-VALUE}).", defaultValue = "smoke")
    String scale;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The study's directory: study.yaml, the sweep's cells, report/.")
    Path out;

    @Option(names = "--data", paramLabel = "DATA", description = "Run on this data instead of the study's (an IDX or CIFAR directory, a CSV file, synthetic:...).")
    String data;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override one value in every cell, after the study's own. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "K", description = "Cells run at once, each in its own process (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int jobs;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String device;

    @Option(names = "--no-report", description = "Only run the cells (e.g. in a job array); `kdlab report` or a later `kdlab study` writes the report.")
    boolean noReport;

    @Override
    public Integer call() {
        Study study = Studies.named(name);
        Path file = StudyFiles.place(study, out);
        List<String> all = new ArrayList<>();
        if (data != null) {
            all.add("data=" + data);
        }
        all.addAll(sets);
        int code = new SweepRunCommand.Invocation(file, scale, out, all, kdlab.engine.sweep.Shard.ALL, jobs, device, 50, 0, "auto").run();
        if (noReport || code > ExitCodes.DIVERGED) {
            // Stopped by a signal (130, 143): the cells resume on the next run, and the report waits for it.
            return code;
        }
        // Cells that failed (bad input in one cell, a divergence) are part of the result: the report lists them and
        // their claims are inconclusive; the exit code still says that some failed.
        int reported = StudyReport.write(study, out, System.err);
        return code != ExitCodes.OK ? code : reported;
    }
}
