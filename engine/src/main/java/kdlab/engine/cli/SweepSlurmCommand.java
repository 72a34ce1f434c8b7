package kdlab.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import kdlab.engine.UsageException;
import kdlab.engine.run.AtomicFiles;
import kdlab.engine.sweep.SelfInvocation;
import kdlab.engine.sweep.SweepRunner;
import kdlab.engine.sweep.cluster.ArrayJob;
import kdlab.engine.sweep.cluster.Sbatch;
import kdlab.engine.sweep.cluster.SbatchScript;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kdlab sweep slurm SWEEP --out DIR}: writes the grid, then {@code DIR/slurm/sweep.sbatch}, a job array
 * whose task i runs {@code sweep run --shard i/N}, and submits it with {@code sbatch}.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a sweep as a Slurm job array: writes DIR/grid.json and DIR/slurm/sweep.sbatch (task i runs 'kdlab sweep run --shard i/N'),",
                "submits it with sbatch and prints the job id. kdlab and DIR must be on a file system every node sees.",
                "After a task was cancelled or failed, run the same command again (or sbatch the script): finished cells are skipped, unfinished ones resume."})
public final class SweepSlurmCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SWEEP", description = "The sweep file (YAML).")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep directory, on a shared file system.")
    Path out;

    @Option(names = "--scale", paramLabel = "NAME", description = "The file's scale to run; required when the file has scales.")
    String scale;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override one value in every cell, after the sweep's own (as sweep run --set). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--array-size", paramLabel = "N", description = "Array tasks; task i runs the cells whose index is i modulo N (default: one per cell).")
    Integer arraySize;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "An sbatch option for the script, e.g. --sbatch-arg=--time=02:00:00; repeatable.")
    List<String> sbatchArgs = new ArrayList<>();

    @Option(names = "--dry-run", description = "Write the grid and the script and print the sbatch command, without submitting.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // The grid first, here: every task then finds it and none of them races another to write it.
        SweepRunner runner = SweepRunner.prepare(file, scale, out, sets);
        int cells = runner.grid().cells().size();
        int tasks = arraySize != null ? arraySize : cells;
        if (tasks > cells) {
            throw new UsageException("--array-size: expected at most the grid's " + cells + " cells (a task without cells would do nothing), found " + tasks);
        }
        // One CPU per task by default: cells are small and many, and Slurm packs 1-CPU tasks on every free core.
        ArrayJob job = new ArrayJob(file, out, scale, sets, tasks, SweepThreads.given(spec, 1));
        Path script = job.out().resolve("slurm").resolve("sweep.sbatch");
        Files.createDirectories(script.getParent());
        AtomicFiles.writeString(script, SbatchScript.render(job, "kdlab-" + job.out().getFileName(), sbatchArgs));
        if (dryRun) {
            System.out.println(SelfInvocation.shellLine(Sbatch.command(script)));
            return ExitCodes.OK;
        }
        String id = Sbatch.submit(script);
        System.err.printf("[sweep] submitted %s: %d array tasks over %d cells; watch with 'kdlab sweep status %s'%n", script, tasks, cells, job.out());
        System.out.println(id);
        return ExitCodes.OK;
    }
}
