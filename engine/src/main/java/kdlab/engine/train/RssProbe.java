package kdlab.engine.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the process's resident set size at each logging interval ({@code -Dkdlab.diag.rss=true}); the
 * memory test reads it to show that native memory stays flat over thousands of steps.
 */
public final class RssProbe implements TrainingListener {
    private final PrintStream out;
    private final int stepsPerEpoch;

    /**
     * @param out where to print
     * @param stepsPerEpoch steps per epoch, to print global step numbers
     */
    public RssProbe(PrintStream out, int stepsPerEpoch) {
        this.out = out;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public void onProgress(int epoch, int step, int steps, SplitMetrics running) {
        out.println("kdlab-rss step=" + ((long) epoch * stepsPerEpoch + step) + " kb=" + residentKb());
    }

    /** @return VmRSS from /proc/self/status, or -1 where there is none */
    public static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
