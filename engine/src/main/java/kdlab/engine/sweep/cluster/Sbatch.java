package kdlab.engine.sweep.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import kdlab.engine.UsageException;

/**
 * Submits a batch script with Slurm's own {@code sbatch}, which reads the cluster's configuration itself
 * ({@code SLURM_CONF} from the environment, else its default) — kdlab keeps no scheduler state of its own.
 */
public final class Sbatch {
    private Sbatch() {}

    /**
     * @param script the batch script
     * @return the submission command: {@code sbatch --parsable SCRIPT} (the parsable form prints the job id only)
     */
    public static List<String> command(Path script) {
        return List.of("sbatch", "--parsable", script.toString());
    }

    /**
     * @param script the batch script
     * @return the job id sbatch printed
     * @throws UsageException when sbatch is not installed or refuses the script (its message, on one line)
     */
    public static String submit(Path script) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command(script)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UsageException("sbatch: not found on PATH; run this where Slurm's client commands are (a login node), or install them "
                    + "(apt-get install --no-install-recommends slurm-client); --dry-run writes the script without submitting it", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IOException("interrupted while sbatch ran", e);
        }
        // --parsable prints "JOBID" or "JOBID;CLUSTER"; the last line, after any warnings.
        String last = output.isEmpty() ? "" : output.substring(output.lastIndexOf('\n') + 1);
        if (code != 0 || !last.matches("[0-9]+(;.*)?")) {
            throw new UsageException("sbatch " + script + ": expected a job id, found exit code " + code + " and '" + output.replace('\n', ' ') + "'");
        }
        return last.split(";", 2)[0];
    }
}
