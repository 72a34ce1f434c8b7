package kdlab.engine.sweep.cluster;

import java.util.List;
import kdlab.engine.UsageException;
import kdlab.engine.sweep.SelfInvocation;

/**
 * The batch script of a sweep's Slurm job array ({@code DIR/slurm/sweep.sbatch}): array task i runs
 * {@code kdlab sweep run --shard i/N} with the CPUs it was given. The kdlab it runs is this installation (the
 * same java, class path and properties), which must therefore be on a file system every node sees, as the
 * sweep directory must.
 */
public final class SbatchScript {
    /** The variable in which Slurm gives each array task its index. */
    public static final String TASK_INDEX = "SLURM_ARRAY_TASK_ID";

    private SbatchScript() {}

    /**
     * @param job the array
     * @param jobName the job's name in squeue
     * @param sbatchArgs further sbatch options, each written as its own {@code #SBATCH} line after ours (so a
     *     later one, e.g. another {@code --output}, overrides ours)
     * @return the script
     * @throws UsageException when an sbatch option is not one word starting with '-'
     */
    public static String render(ArrayJob job, String jobName, List<String> sbatchArgs) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("# kdlab sweep on Slurm: array task i runs shard i/").append(job.tasks()).append(" of the grid in ").append(job.out())
                .append("/grid.json.\n");
        s.append("# Run it again (sbatch this file) after a task was cancelled or failed: finished cells are skipped,\n");
        s.append("# unfinished ones resume from their last checkpoint.\n");
        line(s, "--job-name=" + jobName);
        line(s, "--array=0-" + (job.tasks() - 1));
        line(s, "--output=" + job.out().resolve("slurm").resolve("%A_%a.out"));
        line(s, "--cpus-per-task=" + job.cpus());
        for (String arg : sbatchArgs) {
            if (!arg.startsWith("-") || arg.chars().anyMatch(Character::isWhitespace)) {
                throw new UsageException("--sbatch-arg: expected one sbatch option such as --time=02:00:00 or --partition=gpu, found '" + arg + "'");
            }
            line(s, arg);
        }
        // libtorch takes its threads from SLURM_CPUS_PER_TASK (ThreadBudget); exec so that scancel's signal reaches
        // kdlab itself, which checkpoints the running cell before it exits.
        s.append("exec ").append(SelfInvocation.shellLine(SelfInvocation.command(job.sweepRunArgs()))).append(' ')
                .append(job.shardWord(TASK_INDEX)).append('\n');
        return s.toString();
    }

    private static void line(StringBuilder s, String option) {
        s.append("#SBATCH ").append(option).append('\n');
    }
}
