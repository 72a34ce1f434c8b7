package kdlab.engine.sweep.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kdlab.engine.UsageException;

/**
 * What every scheduler's array job of a sweep shares: N tasks, task i running the sweep's shard i/N, each with
 * the same number of CPUs.
 *
 * @param sweep the sweep file, absolute (every task reads it from the same shared file system)
 * @param out the sweep directory, absolute
 * @param scale the sweep's scale, or null
 * @param sets {@code PATH=VALUE} overrides applied last to every cell ({@code sweep run --set})
 * @param tasks N, the array's size
 * @param cpus CPUs (libtorch threads) per task
 */
public record ArrayJob(Path sweep, Path out, String scale, List<String> sets, int tasks, int cpus) {
    /** Paths made absolute (a task starts in a directory of the scheduler's choosing); a defensive copy. */
    public ArrayJob {
        sets = List.copyOf(sets);
        if (tasks < 1) {
            throw new UsageException("--array-size: expected at least 1 task, found " + tasks);
        }
        if (cpus < 1) {
            throw new UsageException("--threads: expected at least 1 CPU per task, found " + cpus);
        }
        sweep = sweep.toAbsolutePath().normalize();
        out = out.toAbsolutePath().normalize();
    }

    /**
     * @return the kdlab arguments of a task up to, not including, its {@code --shard}: the shard's index is a
     *     scheduler variable that the script or manifest appends, expanded by the shell
     */
    public List<String> sweepRunArgs() {
        List<String> args = new ArrayList<>(List.of("sweep", "run", sweep.toString(), "--out", out.toString()));
        if (scale != null) {
            args.addAll(List.of("--scale", scale));
        }
        sets.forEach(set -> args.addAll(List.of("--set", set)));
        return args;
    }

    /**
     * @param indexVariable the environment variable that holds a task's index
     * @return the {@code --shard} argument as a double-quoted shell word that expands to {@code i/N}
     */
    public String shardWord(String indexVariable) {
        return "--shard \"${" + indexVariable + "}/" + tasks + "\"";
    }
}
