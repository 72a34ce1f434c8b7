package kdlab.engine;

import java.util.Locale;

/**
 * libtorch's intra-op threads as a budget: the cores one kdlab process may use. Two processes that each take
 * every core run far slower than two that share them (on a 2-core machine, two resnet8 runs with default
 * threads took 69-76 s per epoch each, with one thread each 8.4-9.0 s), so a sweep's workers and a scheduler's
 * tasks each get their share.
 *
 * <p>The budget comes from, in order: {@code --threads N}; {@code SLURM_CPUS_PER_TASK} (what Slurm gave the
 * task); {@code OMP_NUM_THREADS} (which libtorch honours itself); the CPUs this process may run on (the JVM
 * counts its CPU set and container limits).
 */
public final class ThreadBudget {
    private static volatile String source = "not set";

    private ThreadBudget() {}

    /**
     * Sets libtorch's intra-op threads for this process.
     *
     * @param requested {@code --threads}, or 0 when not given
     * @return the number of threads set
     * @throws UsageException when a count is not a positive integer
     */
    public static int apply(int requested) {
        if (requested < 0) {
            throw new UsageException("--threads: expected a positive number of threads (or 0 for the default), found " + requested);
        }
        int n;
        String from;
        if (requested > 0) {
            n = requested;
            from = "--threads";
        } else if (System.getenv("SLURM_CPUS_PER_TASK") != null) {
            n = positive("SLURM_CPUS_PER_TASK", System.getenv("SLURM_CPUS_PER_TASK"));
            from = "SLURM_CPUS_PER_TASK";
        } else if (System.getenv("OMP_NUM_THREADS") != null) {
            n = positive("OMP_NUM_THREADS", System.getenv("OMP_NUM_THREADS"));
            from = "OMP_NUM_THREADS";
        } else {
            n = Runtime.getRuntime().availableProcessors();
            from = "the CPUs available";
        }
        // The engine must be loaded before its native setter exists; loading it is what every command does next.
        ai.djl.engine.Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
        source = from;
        return n;
    }

    /** @return libtorch's intra-op thread count now, and where it came from, for the run's manifest */
    public static String describe() {
        return String.format(Locale.ROOT, "%d (%s)", ai.djl.pytorch.jni.JniUtils.getNumThreads(), source);
    }

    /**
     * @param total a budget of threads
     * @param workers processes that share it
     * @return each one's share, at least one
     */
    public static int share(int total, int workers) {
        return Math.max(1, total / Math.max(1, workers));
    }

    /** @return the budget {@link #apply} would take without {@code --threads} */
    public static int available() {
        String slurm = System.getenv("SLURM_CPUS_PER_TASK");
        return slurm != null ? positive("SLURM_CPUS_PER_TASK", slurm) : Runtime.getRuntime().availableProcessors();
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UsageException(name + ": expected a positive number of threads, found '" + value + "'");
    }
}
