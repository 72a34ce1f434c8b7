package kdlab.engine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import kdlab.engine.ThreadBudget;
import kdlab.engine.UsageException;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.sweep.SelfInvocation;
import kdlab.engine.sweep.Shard;
import kdlab.engine.sweep.SweepRunner;
import kdlab.engine.train.StopRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code kdlab sweep run SWEEP --out DIR [--scale S] [--shard I/N] [--jobs K]}: runs the cells of a shard that
 * are not done. With {@code --jobs K}, K worker processes share the shard and the thread budget.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the cells of a sweep that are not done: unfinished ones resume, finished ones are skipped, ones another process runs are left to it.",
                "Run it again after an interruption; run it with --shard I/N on N machines or array tasks to split the grid."})
public final class SweepRunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SWEEP", description = "The sweep file (YAML): experiment, set, axes, seeds, scales.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep directory: grid.json, cells/, teachers/, failed/.")
    Path out;

    @Option(names = "--scale", paramLabel = "NAME", description = "The file's scale to run (e.g. smoke or full); required when the file has scales.")
    String scale;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override one value in every cell, after the sweep's own (e.g. --set data=DIR). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N", description = "Run only the cells whose index is I modulo N (default: ${DEFAULT-VALUE}, all).", defaultValue = "0/1")
    String shard;

    @Option(names = "--jobs", paramLabel = "K", description = "Cells run at once, each in its own process with its share of --threads (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int jobs;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String device;

    @Option(names = "--log-every", description = "Steps between progress updates, each a device read (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    int logEvery;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Also checkpoint every STEPS optimizer steps inside an epoch (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    int checkpointEvery;

    @Option(names = "--teacher-cache", paramLabel = "auto|off|MB", description = "Keep each cell's frozen teacher's clean-view features on the device where nothing it sees changes between epochs; auto = within a quarter of the free memory each worker sees when its cell starts. Changes no result (default: ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    String teacherCache;

    @ParentCommand
    SweepCommand parent;

    @Override
    public Integer call() {
        return new Invocation(file, scale, out, sets, Shard.parse(shard), jobs, device, logEvery, checkpointEvery, teacherCache).run();
    }

    /** One {@code sweep run}, also started by {@code kdlab study}. */
    record Invocation(Path file, String scale, Path out, List<String> sets, Shard shard, int jobs, String device, int logEvery, int checkpointEvery,
            String teacherCache) {
        int run() {
            if (jobs < 1) {
                throw new UsageException("--jobs: expected at least 1, found " + jobs);
            }
            kdlab.engine.objective.TeacherCacheBudget budget = kdlab.engine.objective.TeacherCacheBudget.parse(teacherCache);
            SweepRunner runner = SweepRunner.prepare(file, scale, out, sets);
            if (jobs == 1) {
                return runner.run(shard, new RuntimeSettings(device, logEvery, checkpointEvery, budget), System.err).exitCode();
            }
            return workers();
        }

        /** K copies of this command without --jobs, each with its share of the threads, sharing the shard through the cell locks. */
        private int workers() {
            int total = ai.djl.pytorch.jni.JniUtils.getNumThreads();
            int each = ThreadBudget.share(total, jobs);
            List<Process> children = new ArrayList<>();
            try {
                for (int k = 0; k < jobs; k++) {
                    List<String> args = new ArrayList<>(List.of("sweep", "run", file.toString(), "--out", out.toString(), "--shard", shard.toString(),
                            "--threads", Integer.toString(each), "--device", device, "--log-every", Integer.toString(logEvery),
                            "--checkpoint-every", Integer.toString(checkpointEvery), "--teacher-cache", teacherCache));
                    if (scale != null) {
                        args.addAll(List.of("--scale", scale));
                    }
                    sets.forEach(s -> args.addAll(List.of("--set", s)));
                    children.add(new ProcessBuilder(SelfInvocation.command(args)).inheritIO().start());
                }
                System.err.printf("[sweep] %d worker processes, %d threads each%n", jobs, each);
                int exit = 0;
                for (Process p : children) {
                    while (!p.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        if (StopRequest.pending() != null) {
                            // Pass the stop on: each worker checkpoints its cell and exits; then so does this process.
                            children.forEach(Process::destroy);
                        }
                    }
                    exit = exit == 0 ? p.exitValue() : exit;
                }
                return StopRequest.pending() != null ? StopRequest.exitCode() : exit;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                children.forEach(Process::destroy);
                return 130;
            }
        }
    }
}
