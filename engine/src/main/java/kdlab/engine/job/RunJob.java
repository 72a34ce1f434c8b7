package kdlab.engine.job;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DataSource;
import kdlab.datasets.DataSources;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.LoadedData;
import kdlab.datasets.noise.Noise;
import kdlab.engine.DeviceOption;
import kdlab.engine.NativeStack;
import kdlab.engine.Seeds;
import kdlab.engine.UsageException;
import kdlab.engine.objective.CrossEntropyTerm;
import kdlab.engine.objective.FeatureMatchTerm;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.LossTerm;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.SquaredErrorTerm;
import kdlab.engine.objective.View;
import kdlab.engine.objective.WeightedTerm;
import kdlab.engine.optim.AdamOptimizer;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.engine.optim.SgdOptimizer;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.Json;
import kdlab.engine.run.LoopState;
import kdlab.engine.run.Manifest;
import kdlab.engine.run.RunConfig;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.run.RunLock;
import kdlab.engine.run.Summary;
import kdlab.engine.train.LoopResult;
import kdlab.engine.train.LoopSettings;
import kdlab.engine.train.ProgressBar;
import kdlab.engine.train.SplitMetrics;
import kdlab.engine.train.TrainingListener;
import kdlab.engine.train.TrainingLoop;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;

/**
 * Trains one teacher or student from its resolved config. Everything that can be wrong with the input
 * (specs, data files, the teacher run, tap names) is checked before the run directory is created, so a
 * rejected command leaves nothing behind.
 */
public final class RunJob {
    private RunJob() {}

    /**
     * @param config the resolved config
     * @param out the run directory to create
     * @param overwrite whether an existing run at {@code out} may be replaced
     * @param log where progress goes
     * @return the run's summary, also written to summary.json
     */
    public static Summary train(RunConfig config, Path out, boolean overwrite, PrintStream log) {
        return train(config, out, overwrite, false, log);
    }

    /**
     * @param config the resolved config
     * @param out the run directory to create, or to continue with {@code resume}
     * @param overwrite whether an existing run at {@code out} may be replaced
     * @param resume continue the run at {@code out} from its last checkpoint; its config must match
     * @param log where progress goes
     * @return the run's summary, also written to summary.json
     */
    public static Summary train(RunConfig config, Path out, boolean overwrite, boolean resume, PrintStream log) {
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite exclude each other: --resume continues the run in --out, --overwrite replaces it");
        }
        RunConfigChecks.validate(config);
        Device device = DeviceOption.resolve(config.device());
        String determinism = NativeStack.configureDeterminism(device);
        DataSource source = DataSources.parse(config.data());
        Noise noise = Noise.parse(config.noise());
        ModelSpec spec = ModelSpec.parse(config.model());
        RunConfig teacherConfig = null;
        RunDirectory teacherRun = null;
        if (config.isStudent()) {
            if (config.teacher() == null) {
                throw new UsageException("--teacher: a student needs the directory of a finished teacher run");
            }
            teacherRun = RunDirectory.open(Path.of(config.teacher()));
            teacherConfig = teacherRun.readConfig();
        }
        RunConfig resolved = config.resolved(source.spec(), spec.canonical(), deviceName(device), noise.spec());
        RunDirectory previous = resume ? RunDirectory.open(out) : null;
        String label = out.getFileName() == null ? out.toString() : out.getFileName().toString();

        // Taken before anything in --out is read for training or changed; a directory that will not be written
        // (no --resume or --overwrite) is only probed, so a refusal touches nothing; a new one is locked when created.
        RunLock lock = null;
        if (java.nio.file.Files.isDirectory(out)) {
            if (resume || overwrite) {
                lock = RunLock.acquire(out, log);
            } else {
                RunLock.refuseIfOwned(out);
            }
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            LoadedData data = source.load(manager);
            DataInfo info = data.info();
            Shape inputShape = new Shape(1).addAll(info.exampleShape());
            inputShape = NetworkInputs.shapeFor(spec, info, inputShape);
            Seeds.reseed(config.seed(), "init", 0);
            TappedBlock model = spec.build(info.outputs(), true);
            model.initialize(manager, DataType.FLOAT32, inputShape);

            FrozenModel frozen = null;
            Path teacherWeights = null;
            List<String> taps = List.of();
            java.util.Map<String, ai.djl.nn.Block> connectors = java.util.Map.of();
            if (config.isStudent()) {
                if (!teacherConfig.data().equals(source.spec()) && !sameShape(teacherConfig, source, info)) {
                    throw new UsageException("--data " + source.spec() + ": its examples do not fit the teacher trained on " + teacherConfig.data());
                }
                TappedBlock teacher = ModelSpec.parse(teacherConfig.model()).build(info.outputs(), true);
                teacher.initialize(manager, DataType.FLOAT32, inputShape);
                teacherWeights = teacherRun.keptWeights();
                Checkpoint.load(teacherWeights, teacher, manager, null);
                frozen = new FrozenModel(teacher, manager);
                kdlab.models.adapt.ConnectorKind kind = "none".equals(config.connector()) ? null : kdlab.models.adapt.ConnectorKind.parse(config.connector());
                TapSelection.Selection selection = TapSelection.resolve(config.taps(), model, teacher, inputShape, kind);
                taps = selection.taps();
                Seeds.reseed(config.seed(), "connector-init", 0);
                for (var c : selection.connectors().entrySet()) {
                    c.getValue().initialize(manager, DataType.FLOAT32, selection.studentShapes().get(c.getKey()));
                }
                connectors = selection.connectors();
                resolved = resolved.withTaps(taps);
            }

            int validationSize = config.validationSize() > 0 ? config.validationSize() : autoValidationSize(data.train().size());
            resolved = resolved.withValidationSize(validationSize);
            DeviceDataset[] parts = DeviceDataset.of(data.train()).trainValidation(validationSize, config.seed());
            DeviceDataset trainSet = parts[0];
            DeviceDataset valSet = parts[1];
            if (config.trainSize() > 0) {
                if (config.trainSize() > trainSet.size()) {
                    throw new UsageException(String.format(Locale.ROOT,
                            "--train-size: expected at most %d (training examples after holding out %d for validation), found %d",
                            trainSet.size(), validationSize, config.trainSize()));
                }
                trainSet = trainSet.subset(range(config.trainSize()));
            }
            trainSet = NetworkInputs.prepare(trainSet, spec, info, config.augment(), true);
            valSet = NetworkInputs.prepare(valSet, spec, info, config.augment(), false);
            boolean noisy = config.isStudent() && !"none".equals(noise.spec());
            if (noisy) {
                Seeds.reseed(config.seed(), "train-noise", 0);
                trainSet = "fresh".equals(config.noiseMode()) ? trainSet.withFreshNoise(noise) : trainSet.withFixedNoise(noise);
                Seeds.reseed(config.seed(), "validation-noise", 0);
                valSet = valSet.withFixedNoise(noise);
            }

            View scored = config.isStudent() ? View.TRAINED_NOISY : View.TRAINED_CLEAN;
            Objective objective = objective(info.classification(), scored, config.featureWeight(), taps, connectors);

            ParameterOptimizer optimizer = optimizer(config, manager);
            RunDirectory run;
            LoopState from = LoopState.initial();
            if (previous != null) {
                List<String> changes = resolved.incompatibleChanges(previous.readConfig());
                if (!changes.isEmpty()) {
                    throw new UsageException("--resume " + out + ": the run was started with a different config (" + String.join("; ", changes)
                            + "); resume with the original flags or start a new --out");
                }
                run = previous;
                if (java.nio.file.Files.exists(run.last())) {
                    from = Checkpoint.load(run.last(), model, manager, optimizer, connectors);
                    log.printf(Locale.ROOT, "[%s] resuming after %d steps (epoch %d, step %d of it)%n",
                            label, from.optimizerSteps(), from.epochsCompleted() + 1, from.stepInEpoch());
                }
            } else {
                run = RunDirectory.create(out, overwrite);
                if (lock == null) {
                    // After create's own refusal of a directory that holds a run, so that refusal writes nothing.
                    lock = RunLock.acquire(out, log);
                }
                Json.write(run.config(), resolved);
                Json.write(run.manifest(), Manifest.capture(deviceName(device), determinism, config.seed()));
            }
            log.printf(Locale.ROOT, "[%s] %s on %s: %s, %d train / %d validation examples, device %s%n",
                    label, config.role(), source.spec(), spec.canonical(), trainSet.size(), valSet.size(), deviceName(device));
            if (teacherWeights != null) {
                log.printf(Locale.ROOT, "[%s] teacher weights: %s%n", label, teacherWeights);
            }

            LrSchedule schedule = LrSchedule.parse(config.schedule(), config.lr());
            LoopSettings settings = new LoopSettings(
                    config.epochs(), config.batchSize(), config.seed(), info.classification(), config.earlyStop(),
                    config.toZeroLoss(), config.zeroLossThreshold(), config.logEvery(), scored, config.checkpointEvery());
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(new ProgressBar(log, label, System.console() != null));
            if (Boolean.getBoolean("kdlab.diag.rss")) {
                listeners.add(new kdlab.engine.train.RssProbe(log, (trainSet.size() + config.batchSize() - 1) / config.batchSize()));
            }
            LoopResult result = new TrainingLoop(model, manager, frozen, objective, optimizer, schedule, trainSet, valSet, settings, run, listeners, connectors).run(from);

            DeviceDataset testSet = NetworkInputs.prepare(DeviceDataset.of(data.test()), spec, info, config.augment(), false);
            TestScoring.Scores scores = TestScoring.score(model, testSet, noisy ? noise : null, config.seed(), config.batchSize(), info.classification(), manager);
            SplitMetrics clean = scores.clean();
            SplitMetrics noisyTest = scores.noisy();
            double best = result.state().bestMetric();
            Summary summary = new Summary(
                    result.state().bestEpoch(), result.state().epochsCompleted(), result.stopReason(), result.weights(),
                    info.classification() ? best : -best,
                    clean.accuracy(), noisyTest == null ? Double.NaN : noisyTest.accuracy(),
                    clean.parts().values().iterator().next(),
                    noisyTest == null ? Double.NaN : noisyTest.parts().values().iterator().next(),
                    result.trainSeconds());
            Json.write(run.summary(), summary);
            log.printf(Locale.ROOT, "[%s] done: best epoch %d of %d (%s), test accuracy %.4f%s, %.1fs -> %s%n",
                    label, summary.bestEpoch(), summary.epochsRun(), summary.stopReason(), summary.testAccuracy(),
                    noisyTest == null ? "" : String.format(Locale.ROOT, ", noisy test accuracy %.4f", summary.testAccuracyNoisy()),
                    summary.trainSeconds(), out);
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /**
     * The objective of a run: the output loss on the scored view, plus λ·feature match when taps are given.
     *
     * @param classification cross-entropy when true, squared error otherwise
     * @param scored the view whose output is scored
     * @param featureWeight λ
     * @param taps matched taps; empty for a teacher
     * @return the objective
     */
    public static Objective objective(boolean classification, View scored, double featureWeight, List<String> taps) {
        return objective(classification, scored, featureWeight, taps, java.util.Map.of());
    }

    /**
     * @param classification cross-entropy when true, squared error otherwise
     * @param scored the view whose output is scored
     * @param featureWeight λ
     * @param taps matched taps; empty for a teacher
     * @param connectors connectors by tap, for taps whose shapes differ
     * @return the objective
     */
    public static Objective objective(boolean classification, View scored, double featureWeight, List<String> taps,
            java.util.Map<String, ai.djl.nn.Block> connectors) {
        LossTerm output = classification ? new CrossEntropyTerm(scored) : new SquaredErrorTerm(scored);
        List<WeightedTerm> terms = new ArrayList<>();
        terms.add(new WeightedTerm(output, 1.0));
        if (!taps.isEmpty()) {
            terms.add(new WeightedTerm(new FeatureMatchTerm(scored, View.FROZEN_CLEAN, taps, connectors), featureWeight));
        }
        return new Objective(terms);
    }

    private static ParameterOptimizer optimizer(RunConfig c, NDManager manager) {
        return switch (c.optimizer()) {
            case "sgd" -> new SgdOptimizer(manager, (float) c.momentum(), (float) c.weightDecay());
            case "adam" -> new AdamOptimizer(manager, 0.9, 0.999, 1e-8f, (float) c.weightDecay());
            default -> throw new UsageException("--optimizer: expected sgd or adam, found '" + c.optimizer() + "'");
        };
    }

    private static boolean sameShape(RunConfig teacher, DataSource source, DataInfo info) {
        DataInfo t;
        try {
            t = DataSources.parse(teacher.data()).describe();
        } catch (kdlab.datasets.DataException e) {
            // The teacher's data is gone from where it was trained (a run copied from another machine, an
            // old temporary directory): nothing to compare with here, and loading its checkpoint into a
            // model built for these examples still refuses parameters that do not fit them.
            return true;
        }
        return t.exampleShape().equals(info.exampleShape()) && t.outputs() == info.outputs();
    }


    /**
     * The hold-out used when none is given: a tenth of the training split, at most 5,000 examples.
     *
     * @param trainExamples examples in the training split
     * @return the validation size
     */
    public static int autoValidationSize(int trainExamples) {
        return Math.max(1, Math.min(5000, trainExamples / 10));
    }


    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /**
     * @param device a DJL device
     * @return its name in the CLI's terms: cpu or gpu:N
     */
    public static String deviceName(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }
}
