package kdlab.engine.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import kdlab.engine.UsageException;
import kdlab.engine.bench.BenchRunner;
import kdlab.engine.bench.BenchWorkload;
import kdlab.engine.bench.BenchWorkloads;
import kdlab.engine.objective.TeacherCacheBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kdlab bench [WORKLOAD]}: times a reference student-teacher workload through the training loop
 * and compares it with the engine's own GEMM rate at the step's shapes. The last line is machine-readable:
 * {@code samples_per_s=<float> gemm_fraction=<float>}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time a reference student-teacher workload (one warm-up epoch, one timed epoch on random data held on the device)",
                "and the engine's GEMM rate at the step's own shapes. Workloads: st-mlp (784-W-W-10, batch 256, 55,000 examples),",
                "st-resnet20 (resnet20 on 1x32x32, batch 128, 5,120 examples). The last line is samples_per_s=<float> gemm_fraction=<float>;",
                "the fraction counts the GEMM work the step performs, so a cached teacher raises samples/s, not the fraction."})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKLOAD", description = "st-mlp or st-resnet20 (default: ${DEFAULT-VALUE}).", defaultValue = "st-mlp")
    String workload;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String device;

    @Option(names = "--model", description = "Teacher and student model spec, e.g. mlp:2048,2048 or resnet32 (default: the workload's).")
    String model;

    @Option(names = "--width", description = "Hidden width of st-mlp's two layers (default: 1024); not with --model.")
    Integer width;

    @Option(names = "--batch", description = "Examples per step (default: the workload's).")
    Integer batch;

    @Option(names = "--samples", description = "Examples per epoch (default: the workload's).")
    Integer samples;

    @Option(names = "--noise", description = "The student's fresh noise (default: ${DEFAULT-VALUE}).", defaultValue = "gaussian:0.5")
    String noise;

    @Option(names = "--teacher-cache", paramLabel = "auto|off|MB", description = "Keep the teacher's features on the device (default: ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    String teacherCache;

    @Option(names = "--gemm-rounds", description = "Timed rounds of the GEMM-rate measurement; the median is kept (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int gemmRounds;

    @Override
    public Integer call() {
        BenchWorkload w = BenchWorkloads.named(workload);
        String spec = model != null ? model : w.model();
        if (width != null) {
            if (model != null || !w.model().startsWith("mlp:")) {
                throw new UsageException("--width: applies to the MLP workload without --model, found workload " + workload
                        + (model == null ? "" : " and --model " + model));
            }
            positive("--width", width);
            spec = "mlp:" + width + "," + width;
        }
        int b = batch == null ? w.batch() : batch;
        int n = samples == null ? w.samples() : samples;
        positive("--batch", b);
        positive("--samples", n);
        positive("--gemm-rounds", gemmRounds);
        BenchRunner.Result r = BenchRunner.run(
                new BenchRunner.Settings(w, spec, device, b, n, noise, TeacherCacheBudget.parse(teacherCache), gemmRounds), System.err);
        System.out.printf(Locale.ROOT, "workload %s: model %s, batch %d, %d examples an epoch, noise %s, threads %s%n", w.name(), spec, b, n, noise,
                kdlab.engine.ThreadBudget.describe());
        System.out.printf(Locale.ROOT, "%s%s%n", r.cacheLine(), r.teacherCached() ? String.format(Locale.ROOT, " (filled in %.2f s, before the first epoch)", r.cacheSeconds()) : "");
        System.out.printf(Locale.ROOT, "timed epoch: %.2f s, %.2f steps/s%n", r.epochSeconds(), r.stepsPerSecond());
        System.out.printf(Locale.ROOT, "step GEMM work: %.2f MFLOP per example; GEMM rate at the step's shapes: %.1f GFLOP/s; step reaches %.1f GFLOP/s%n",
                r.stepFlopsPerSample() / 1e6, r.gemmFlopsPerSecond() / 1e9, r.stepFlopsPerSample() * r.samplesPerSecond() / 1e9);
        System.out.printf(Locale.ROOT, "samples_per_s=%.1f gemm_fraction=%.3f%n", r.samplesPerSecond(), r.gemmFraction());
        return ExitCodes.OK;
    }

    private static void positive(String flag, int value) {
        if (value < 1) {
            throw new UsageException(flag + ": expected a whole number of at least 1, found " + value);
        }
    }
}
