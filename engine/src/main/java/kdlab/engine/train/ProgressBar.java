package kdlab.engine.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress on a terminal: a bar redrawn in place at each logging interval, and one line per
 * finished epoch. When the output is not a terminal only the epoch lines are printed, so logs stay clean.
 */
public final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final String label;
    private final boolean interactive;

    /**
     * @param out where to print (stderr by convention, so stdout stays for results)
     * @param label the run's name on each line
     * @param interactive whether to redraw a bar in place
     */
    public ProgressBar(PrintStream out, String label, boolean interactive) {
        this.out = out;
        this.label = label;
        this.interactive = interactive;
    }

    @Override
    public void onProgress(int epoch, int step, int stepsPerEpoch, SplitMetrics running) {
        if (!interactive) {
            return;
        }
        int filled = (int) Math.round(WIDTH * (double) step / stepsPerEpoch);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        out.printf(Locale.ROOT, "\r[%s] epoch %d [%s] %d/%d loss %.4f", label, epoch + 1, bar, step, stepsPerEpoch, running.loss());
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochRecord r) {
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "[%s] epoch %d/%d  train loss %.4f", label, r.epoch(), r.epochs(), r.train().loss()));
        if (!Double.isNaN(r.train().accuracy())) {
            line.append(String.format(Locale.ROOT, " acc %.4f", r.train().accuracy()));
        }
        line.append(String.format(Locale.ROOT, "  val loss %.4f", r.validation().loss()));
        if (!Double.isNaN(r.validation().accuracy())) {
            line.append(String.format(Locale.ROOT, " acc %.4f", r.validation().accuracy()));
        }
        line.append(String.format(Locale.ROOT, "  %.1fs%s", r.trainSeconds() + r.validationSeconds(), r.improved() ? "  *best" : ""));
        if (interactive) {
            out.print("\r\033[K");
        }
        out.println(line);
        out.flush();
    }

    @Override
    public void onTeacherCache(kdlab.engine.objective.TeacherCache.Decision decision) {
        String line = decision.reason();
        if (interactive) {
            out.print("\r\033[K");
        }
        out.println("[" + label + "] " + line);
        out.flush();
    }
}
