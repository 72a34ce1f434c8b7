package kdlab.engine.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import kdlab.engine.job.Evaluation;
import kdlab.engine.train.SplitMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdlab evaluate}: prints a finished run's test accuracy; writes nothing into the run. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print a run's accuracy on the test split, clean and with --noise.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "A finished run directory.")
    Path run;

    @Option(names = "--data", description = "Data spec (default: the run's).")
    String data;

    @Option(names = "--noise", description = "Also score test inputs with this noise, e.g. gaussian:0.5.")
    String noise;

    @Option(names = "--seed", description = "Seed of the noisy test draw (default: the run's seed, which reproduces its summary.json).")
    Long seed;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String device;

    @Override
    public Integer call() {
        Evaluation.Result r = Evaluation.evaluate(run, data, noise, device, seed);
        print("clean", r.clean());
        if (r.noisy() != null) {
            print(r.noise(), r.noisy());
        }
        return ExitCodes.OK;
    }

    private static void print(String label, SplitMetrics m) {
        if (Double.isNaN(m.accuracy())) {
            System.out.printf(Locale.ROOT, "test %-20s loss %.6f  (%d examples)%n", label, m.loss(), m.count());
        } else {
            System.out.printf(Locale.ROOT, "test %-20s accuracy %.4f  loss %.6f  (%d examples)%n", label, m.accuracy(), m.loss(), m.count());
        }
    }
}
