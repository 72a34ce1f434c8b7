package kdlab.engine.job;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
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
import kdlab.engine.config.Experiment;
import kdlab.engine.config.ObjectiveSetting;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.config.TeacherSetting;
import kdlab.engine.config.TermSetting;
import kdlab.engine.objective.CrossEntropyTerm;
import kdlab.engine.objective.LossTerm;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.SquaredErrorTerm;
import kdlab.engine.objective.TermContext;
import kdlab.engine.objective.View;
import kdlab.engine.objective.WeightSchedule;
import kdlab.engine.objective.WeightedTerm;
import kdlab.engine.optim.AdamOptimizer;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.engine.optim.SgdOptimizer;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.train.LoopSettings;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;

/**
 * Turns an experiment into a {@link RunPlan}: every check that can fail on the input (values, specs, data
 * files, the teacher, each term against both models) runs here, before anything is written, so a rejected
 * experiment leaves nothing behind.
 */
public final class RunPlanner {
    private RunPlanner() {}

    /**
     * @param raw the experiment as read (defaults not yet filled)
     * @param parent the experiment an inline teacher belongs to (its data and seed are the defaults), or null
     * @param inlineTeacher for a run with an inline teacher: that teacher's resolved experiment (from its own
     *     plan); null otherwise
     * @param runtime the runtime settings
     * @param prefix "" for the experiment, "teacher." for an inline teacher, for messages
     * @param key how messages name a key (flags for the CLI's shortcuts)
     * @return the plan; the caller closes it
     */
    public static RunPlan plan(Experiment raw, Experiment parent, Experiment inlineTeacher, RuntimeSettings runtime, String prefix,
            UnaryOperator<String> key) {
        Experiment e = raw.withDefaults(parent);
        ExperimentChecks.validate(prefix, e, key);
        ExperimentChecks.validate(runtime);
        RunDirectory teacherRun = null;
        Experiment teacherExperiment = null;
        if (e.teacher() != null) {
            if (e.teacher().isInline()) {
                teacherExperiment = inlineTeacher;
                if (teacherExperiment == null) {
                    throw new IllegalStateException("an inline teacher must be planned before its student");
                }
            } else {
                teacherRun = RunDirectory.open(Path.of(e.teacher().run()));
                teacherExperiment = teacherRun.readConfig();
            }
        }
        String dataSpec = e.data() != null ? e.data() : teacherRun != null ? teacherExperiment.data() : null;
        Device device = DeviceOption.resolve(runtime.device());
        String determinism = NativeStack.configureDeterminism(device);
        DataSource source = DataSources.parse(dataSpec);
        Noise noise = Noise.parse(e.noise().spec());
        ModelSpec spec = ModelSpec.parse(e.model());
        NDManager manager = NDManager.newBaseManager(device);
        try {
            LoadedData data = source.load(manager);
            DataInfo info = data.info();
            if (e.testSize() != null && e.testSize() > data.test().size()) {
                // An inline teacher inherits its student's test_size: name the key the user wrote.
                String testKey = raw.testSize() == null && parent != null ? "test_size" : prefix + "test_size";
                throw new UsageException(key.apply(testKey) + ": expected at most " + data.test().size() + " (the test examples of "
                        + source.spec() + "), found " + e.testSize());
            }
            Shape inputShape = NetworkInputs.shapeFor(spec, info, new Shape(1).addAll(info.exampleShape()));
            // A student draws its initial weights from a stream of its own: with the teacher's stream, a student of the
            // teacher's shape and seed would start from the teacher's own initial weights, and its features would
            // agree with the teacher's for a reason that has nothing to do with distillation.
            Seeds.reseed(e.seed(), teacherExperiment == null ? "init" : "student-init", 0);
            TappedBlock model = spec.build(info.outputs(), true);
            model.initialize(manager, DataType.FLOAT32, inputShape);

            TappedBlock teacher = null;
            if (teacherExperiment != null) {
                if (teacherRun != null && !teacherExperiment.data().equals(source.spec()) && !sameExamples(teacherExperiment, info)) {
                    throw new UsageException(key.apply(prefix + "data") + " " + source.spec() + ": its examples do not fit the teacher trained on "
                            + teacherExperiment.data());
                }
                ModelSpec teacherSpec = ModelSpec.parse(teacherExperiment.model());
                Shape teacherInput = NetworkInputs.shapeFor(teacherSpec, info, new Shape(1).addAll(info.exampleShape()));
                if (!teacherInput.equals(inputShape)) {
                    // Both models see one batch, prepared for the student: a teacher that needs other inputs
                    // (a CNN's 32x32 padding beside an MLP) would see inputs it was not trained on.
                    throw new UsageException(key.apply(prefix + "model") + " " + spec.canonical() + " takes inputs of shape " + inputShape
                            + " but the teacher " + teacherSpec.canonical() + " takes " + teacherInput + "; choose a student of the teacher's input kind");
                }
                teacher = teacherSpec.build(info.outputs(), true);
                teacher.initialize(manager, DataType.FLOAT32, teacherInput);
            }

            boolean noisy = noise != null && !"none".equals(noise.spec());
            int validationSize = e.validationSize() > 0 ? e.validationSize() : autoValidationSize(data.train().size());
            DeviceDataset[] parts = DeviceDataset.of(data.train()).trainValidation(validationSize, e.seed());
            DeviceDataset trainSet = parts[0];
            DeviceDataset valSet = parts[1];
            if (e.trainSize() > 0) {
                if (e.trainSize() > trainSet.size()) {
                    throw new UsageException(String.format(Locale.ROOT,
                            "%s: expected at most %d (training examples after holding out %d for validation), found %d",
                            key.apply(prefix + "train_size"), trainSet.size(), validationSize, e.trainSize()));
                }
                trainSet = trainSet.subset(range(e.trainSize()));
            }
            trainSet = NetworkInputs.prepare(trainSet, spec, info, e.augment(), true);
            valSet = NetworkInputs.prepare(valSet, spec, info, e.augment(), false);
            if (noisy) {
                Seeds.reseed(e.seed(), "train-noise", 0);
                trainSet = "fresh".equals(e.noise().mode()) ? trainSet.withFreshNoise(noise) : trainSet.withFixedNoise(noise);
                Seeds.reseed(e.seed(), "validation-noise", 0);
                valSet = valSet.withFixedNoise(noise);
            }

            List<TermSetting> resolvedTerms = new ArrayList<>();
            Objective objective = objective(e.objective() != null ? e.objective() : defaultObjective(info.classification()), model, teacher, inputShape,
                    info.classification(), noisy, manager, e.seed(), prefix, key, resolvedTerms, trainSet.size(),
                    info.classification() ? trainSet.split().targets() : null);
            ObjectiveSetting objectiveSetting = new ObjectiveSetting(resolvedTerms);
            View scored = noisy ? View.TRAINED_NOISY : View.TRAINED_CLEAN;

            int batchSize = e.loop().batchSize() == 0 ? trainSet.size() : e.loop().batchSize();
            LoopSettings settings = new LoopSettings(
                    e.epochs(), batchSize, e.seed(), info.classification(), e.loop().earlyStop(), e.loop().toZeroLoss(), e.loop().zeroLoss(),
                    runtime.logEvery(), scored, runtime.checkpointEvery());
            TeacherSetting resolvedTeacher = e.teacher() == null ? null
                    : e.teacher().isInline() ? new TeacherSetting(null, teacherExperiment) : e.teacher();
            Experiment resolved = e.resolved(source.spec(), spec.canonical(), noise.spec(), resolvedTeacher, objectiveSetting)
                    .withValidationSize(validationSize);
            List<PhasePlan> phases = PhasePlanner.plan(e, objective, settings, manager, prefix, key);
            return new RunPlan(resolved, runtime, device, determinism, manager, source, data, info, spec, model, teacher, objective, phases, trainSet,
                    valSet, noisy ? noise : null, optimizer(e, manager), LrSchedule.parse(e.schedule(), e.optimizer().lr()), settings);
        } catch (RuntimeException ex) {
            manager.close();
            throw ex;
        }
    }

    private static ObjectiveSetting defaultObjective(boolean classification) {
        return new ObjectiveSetting(List.of(classification
                ? new TermSetting("ce", "ce", 1.0, WeightSchedule.CONSTANT, new CrossEntropyTerm.Spec(null))
                : new TermSetting("mse", "mse", 1.0, WeightSchedule.CONSTANT, new SquaredErrorTerm.Spec(null))));
    }

    private static Objective objective(ObjectiveSetting setting, TappedBlock model, TappedBlock teacher, Shape inputShape, boolean classification,
            boolean noisy, NDManager manager, long seed, String prefix, UnaryOperator<String> key, List<TermSetting> resolved, int trainExamples,
            NDArray trainLabels) {
        List<WeightedTerm> terms = new ArrayList<>();
        for (TermSetting t : setting.terms()) {
            TermContext context = new TermContext(t.name(), model, teacher, inputShape, classification, noisy, manager, seed, k -> key.apply(prefix + k),
                    trainExamples, trainLabels);
            LossTerm term;
            try {
                term = t.spec().build(context);
            } catch (IllegalArgumentException ex) {
                throw context.error(null, ex.getMessage());
            }
            terms.add(new WeightedTerm(t.name(), term, t.weight(), t.schedule()));
            resolved.add(new TermSetting(t.name(), t.type(), t.weight(), t.schedule(), t.spec().resolve(context)));
        }
        return new Objective(terms);
    }

    static ParameterOptimizer optimizer(Experiment e, NDManager manager) {
        float weightDecay = (float) (double) e.optimizer().weightDecay();
        return "adam".equals(e.optimizer().type())
                ? new AdamOptimizer(manager, 0.9, 0.999, 1e-8f, weightDecay)
                : new SgdOptimizer(manager, (float) (double) e.optimizer().momentum(), weightDecay);
    }

    private static boolean sameExamples(Experiment teacher, DataInfo info) {
        DataInfo t;
        try {
            t = DataSources.parse(teacher.data()).describe();
        } catch (kdlab.datasets.DataException e) {
            // The teacher's data are gone from where it was trained (a run copied from another machine, an old
            // temporary directory): nothing to compare with here, and loading its checkpoint into a model built
            // for these examples still refuses parameters that do not fit them.
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

    /**
     * @param e a resolved experiment
     * @return the batch size for scoring a split: the training batch size, or 1,000 for full-batch training
     */
    public static int scoringBatch(Experiment e) {
        return e.loop().batchSize() > 0 ? e.loop().batchSize() : 1000;
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
