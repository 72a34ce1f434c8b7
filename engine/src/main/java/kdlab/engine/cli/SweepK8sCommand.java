package kdlab.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import kdlab.engine.UsageException;
import kdlab.engine.run.AtomicFiles;
import kdlab.engine.sweep.GridBuilder;
import kdlab.engine.sweep.SweepFile;
import kdlab.engine.sweep.cluster.ArrayJob;
import kdlab.engine.sweep.cluster.IndexedJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kdlab sweep k8s SWEEP --out DIR --image IMAGE}: writes {@code DIR/k8s/job.yaml}, a Kubernetes Indexed
 * Job whose pod i runs {@code kdlab sweep run --shard $JOB_COMPLETION_INDEX/N}. It does not apply it.
 */
@Command(name = "k8s", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a Kubernetes Indexed Job for a sweep to DIR/k8s/job.yaml: pod i runs 'kdlab sweep run --shard $JOB_COMPLETION_INDEX/N'.",
                "SWEEP and DIR are paths inside the pods; DIR is on the claim --pvc, mounted at --mount-path. Apply it with kubectl apply -f."})
public final class SweepK8sCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SWEEP", description = "The sweep file, an absolute path inside the image or on the volume.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep directory, an absolute path inside the pods, on the shared volume.")
    Path out;

    @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "A container image with kdlab on its PATH.")
    String image;

    @Option(names = "--scale", paramLabel = "NAME", description = "The file's scale to run; required when the file has scales.")
    String scale;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override one value in every cell, after the sweep's own (as sweep run --set). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--array-size", paramLabel = "N", description = "Completions; pod i runs the cells whose index is i modulo N "
            + "(default: one per cell, which needs SWEEP readable here).")
    Integer arraySize;

    @Option(names = "--parallelism", paramLabel = "P", description = "Pods at once (default: all N).")
    Integer parallelism;

    @Option(names = "--pvc", paramLabel = "CLAIM", description = "The ReadWriteMany PersistentVolumeClaim that holds DIR (default: ${DEFAULT-VALUE}).",
            defaultValue = "kdlab-runs")
    String pvc;

    @Option(names = "--mount-path", paramLabel = "PATH", description = "Where the claim is mounted in every pod (default: DIR).")
    Path mountPath;

    @Option(names = "--write-to", paramLabel = "FILE", description = "Where to write the manifest here (default: DIR/k8s/job.yaml).")
    Path writeTo;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (var p : new Object[][] {{"SWEEP", file}, {"--out", out}}) {
            if (!((Path) p[1]).isAbsolute()) {
                throw new UsageException(p[0] + ": expected an absolute path inside the pods, found '" + p[1] + "'");
            }
        }
        int tasks = arraySize != null ? arraySize : cellsOf();
        ArrayJob job = new ArrayJob(file, out, scale, sets, tasks, SweepThreads.given(spec, 1));
        int pods = parallelism != null ? parallelism : tasks;
        if (pods < 1) {
            throw new UsageException("--parallelism: expected at least 1 pod, found " + pods);
        }
        IndexedJob manifest = new IndexedJob(job, IndexedJob.label(String.valueOf(job.out().getFileName())), image, pods, pvc,
                String.valueOf(mountPath != null ? mountPath : job.out()));
        Path target = writeTo != null ? writeTo : job.out().resolve("k8s").resolve("job.yaml");
        Files.createDirectories(target.toAbsolutePath().getParent());
        AtomicFiles.writeString(target, manifest.yaml());
        System.out.println(target);
        return ExitCodes.OK;
    }

    private int cellsOf() {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("SWEEP " + file + ": not readable here, so the number of cells is unknown; give --array-size N");
        }
        return GridBuilder.build(SweepFile.read(file), scale, file, sets).cells().size();
    }
}
