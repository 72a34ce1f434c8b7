package kdlab.engine.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.Split;
import kdlab.datasets.noise.Noise;
import kdlab.engine.DeviceOption;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.HongObjective;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.TeacherCache;
import kdlab.engine.objective.TeacherCacheBudget;
import kdlab.engine.objective.View;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.SgdOptimizer;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.train.EpochRecord;
import kdlab.engine.train.LoopSettings;
import kdlab.engine.train.TrainingListener;
import kdlab.engine.train.TrainingLoop;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;

/**
 * Runs a {@link BenchWorkload} through {@link TrainingLoop}, the loop {@code kdlab train} uses, on uniform
 * random inputs and labels held on the device: one warm-up epoch, then one timed epoch (training time only,
 * validation and checkpoint excluded), then the engine's GEMM rate at the step's own shapes.
 */
public final class BenchRunner {
    private BenchRunner() {}

    /**
     * What to run.
     *
     * @param workload the reference workload
     * @param model its model spec, or another of the same role
     * @param device auto, cpu, gpu or gpu:N
     * @param batch examples per step
     * @param samples examples per epoch
     * @param noise the student's fresh noise
     * @param teacherCache the teacher cache budget
     * @param gemmRounds timed rounds of the GEMM measurement
     */
    public record Settings(BenchWorkload workload, String model, String device, int batch, int samples, String noise, TeacherCacheBudget teacherCache,
            int gemmRounds) {}

    /**
     * What was measured.
     *
     * @param samplesPerSecond training examples per second in the timed epoch
     * @param stepsPerSecond optimizer steps per second in the timed epoch
     * @param epochSeconds the timed epoch's training time
     * @param stepFlopsPerSample GEMM work of a step per example (the teacher's only where it runs)
     * @param gemmFlopsPerSecond the engine's GEMM rate at the step's shapes
     * @param teacherCached whether the teacher's features came from the cache
     * @param cacheLine the loop's line on the cache
     * @param cacheSeconds the time spent filling the cache, before the first epoch
     */
    public record Result(double samplesPerSecond, double stepsPerSecond, double epochSeconds, double stepFlopsPerSample, double gemmFlopsPerSecond,
            boolean teacherCached, String cacheLine, double cacheSeconds) {
        /** @return the share of the GEMM rate the step's own GEMM work reaches */
        public double gemmFraction() {
            return stepFlopsPerSample * samplesPerSecond / gemmFlopsPerSecond;
        }
    }

    /**
     * @param s what to run
     * @param log where progress goes
     * @return the figures
     */
    public static Result run(Settings s, PrintStream log) {
        Device device = DeviceOption.resolve(s.device());
        Path dir;
        try {
            dir = Files.createTempDirectory("kdlab-bench");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary run directory", e);
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ModelSpec spec = ModelSpec.parse(s.model());
            Shape input = new Shape(1).addAll(s.workload().example());
            Engine.getInstance().setRandomSeed(1);
            TappedBlock teacher = spec.build(10, true);
            teacher.initialize(manager, DataType.FLOAT32, input);
            Engine.getInstance().setRandomSeed(2);
            TappedBlock student = spec.build(10, true);
            student.initialize(manager, DataType.FLOAT32, input);
            Engine.getInstance().setRandomSeed(3);
            NDArray x = manager.randomUniform(0f, 1f, new Shape(s.samples()).addAll(s.workload().example()), DataType.FLOAT32);
            NDArray y = manager.randomInteger(0, 10, new Shape(s.samples()), DataType.INT64);
            Noise noise = Noise.parse(s.noise());
            DeviceDataset data = DeviceDataset.of(new Split(x, y));
            DeviceDataset train = data.withFreshNoise(noise);
            int[] first = new int[Math.min(s.batch(), s.samples())];
            for (int i = 0; i < first.length; i++) {
                first[i] = i;
            }
            DeviceDataset validation = data.subset(first).withFreshNoise(noise);
            List<String> taps = s.workload().taps().isEmpty() ? teacher.tapNames() : s.workload().taps();
            Objective objective = HongObjective.of(true, View.TRAINED_NOISY, 1.0, taps);
            // Read the layer shapes now: loading the best checkpoint at the end of the loop replaces the blocks' input shapes.
            List<Gemm> withTeacher = StepGemms.of(student, teacher, s.batch());
            List<Gemm> studentOnly = StepGemms.of(student, null, s.batch());
            FrozenModel frozen = new FrozenModel(teacher, manager);
            // Last weights, threshold 0: both epochs always run and nothing is reloaded at the end.
            LoopSettings settings = new LoopSettings(2, s.batch(), 0, true, 0, true, 0, 50, View.TRAINED_NOISY, 0);
            List<EpochRecord> epochs = new ArrayList<>();
            TeacherCache.Decision[] cache = new TeacherCache.Decision[1];
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochRecord record) {
                    epochs.add(record);
                    log.printf(Locale.ROOT, "epoch %d (%s): %.2f s, %.0f samples/s, loss %.4f%n", record.epoch(),
                            record.epoch() == 1 ? "warm-up" : "timed", record.trainSeconds(), s.samples() / record.trainSeconds(), record.train().loss());
                }

                @Override
                public void onTeacherCache(TeacherCache.Decision decision) {
                    cache[0] = decision;
                    log.println(decision.reason());
                }
            };
            new TrainingLoop(student, manager, frozen, objective, new SgdOptimizer(manager, 0.9f, 0f), LrSchedule.parse("constant", 0.01), train,
                    validation, settings, RunDirectory.create(dir.resolve("run"), false), List.of(listener))
                    .withTeacherCache(s.teacherCache()).run();
            double seconds = epochs.get(epochs.size() - 1).trainSeconds();
            boolean cached = cache[0] != null && cache[0].cache() != null;
            List<Gemm> gemms = cached ? studentOnly : withTeacher;
            double rate = GemmRate.measure(gemms, manager, s.gemmRounds());
            int steps = (s.samples() + s.batch() - 1) / s.batch();
            return new Result(s.samples() / seconds, steps / seconds, seconds, StepGemms.flops(gemms) / s.batch(), rate, cached,
                    cache[0] == null ? "teacher cache: not used" : cache[0].reason(), cache[0] == null ? 0 : cache[0].buildSeconds());
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless; the figures are what matter.
        }
    }
}
