package kdlab.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kdlab.datasets.BatchTransform;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.Split;
import kdlab.datasets.noise.Noise;
import kdlab.engine.objective.ConsistencyTerm;
import kdlab.engine.objective.CrossEntropyTerm;
import kdlab.engine.objective.FeatureMatchTerm;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.TeacherCacheBudget;
import kdlab.engine.objective.View;
import kdlab.engine.objective.WeightedTerm;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.SgdOptimizer;
import kdlab.engine.run.RunDirectory;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;

/**
 * Small student-teacher runs of {@link TrainingLoop} for the guarantees that must hold for every kind of
 * model: an MLP, a CNN with batch norm, a student whose taps reach the teacher's through trained connectors,
 * and an objective with a term that keeps per-example state. 64 examples, batch 8, fresh Gaussian noise.
 */
final class LoopFixture {
    /** The kinds of run. */
    enum Kind { MLP, CNN_WITH_BATCH_NORM, STUDENT_WITH_CONNECTOR, TERM_WITH_STATE }

    static final int EXAMPLES = 64;
    static final int BATCH = 8;
    static final int CLASSES = 4;

    private LoopFixture() {}

    /** What a run left behind. */
    record Outcome(LoopResult result, float[] studentParameters, List<TrainingListener> listeners) {}

    /**
     * @param kind the kind of run
     * @param manager owner of everything; closed by the caller
     * @param dir the run directory to create
     * @param budget the teacher cache setting
     * @param augment a transform of every batch, or null
     * @param listener observes the loop
     * @return the outcome
     */
    static Outcome run(Kind kind, NDManager manager, Path dir, TeacherCacheBudget budget, BatchTransform augment, TrainingListener listener) {
        boolean cnn = kind == Kind.CNN_WITH_BATCH_NORM;
        Shape example = cnn ? new Shape(3, 16, 16) : new Shape(1, 6, 6);
        String teacherSpec = cnn ? "resnet8" : "mlp:24,24";
        String studentSpec = kind == Kind.STUDENT_WITH_CONNECTOR ? "mlp:16,16" : teacherSpec;
        Engine.getInstance().setRandomSeed(11);
        TappedBlock teacher = ModelSpec.parse(teacherSpec).build(CLASSES, true);
        teacher.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(example));
        Engine.getInstance().setRandomSeed(12);
        TappedBlock student = ModelSpec.parse(studentSpec).build(CLASSES, true);
        student.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(example));
        Engine.getInstance().setRandomSeed(13);
        NDArray x = manager.randomUniform(0f, 1f, new Shape(EXAMPLES).addAll(example), DataType.FLOAT32);
        NDArray y = manager.randomInteger(0, CLASSES, new Shape(EXAMPLES), DataType.INT64);
        Noise noise = Noise.parse("gaussian:0.3");
        DeviceDataset data = DeviceDataset.of(new Split(x, y));
        if (augment != null) {
            data = data.withTransform(augment);
        }
        int[] held = {0, 1, 2, 3, 4, 5, 6, 7};
        List<String> taps = cnn ? List.of("stage1", "stage2", "stage3") : List.of("hidden1", "hidden2");
        List<WeightedTerm> terms = new ArrayList<>();
        terms.add(new WeightedTerm(new CrossEntropyTerm(View.TRAINED_NOISY), 1.0));
        Map<String, Block> connectors = Map.of();
        if (kind == Kind.STUDENT_WITH_CONNECTOR) {
            connectors = Map.of("hidden1", connector(manager), "hidden2", connector(manager));
        }
        terms.add(new WeightedTerm(new FeatureMatchTerm(View.TRAINED_NOISY, View.FROZEN_CLEAN, taps, connectors), 0.5));
        if (kind == Kind.TERM_WITH_STATE) {
            terms.add(new WeightedTerm(new ConsistencyTerm(View.TRAINED_NOISY, manager, EXAMPLES, CLASSES), 0.3));
        }
        Objective objective = new Objective(terms);
        FrozenModel frozen = new FrozenModel(teacher, manager);
        LoopSettings settings = new LoopSettings(2, BATCH, 5, true, 0, false, 0, 2, View.TRAINED_NOISY, 0);
        List<TrainingListener> listeners = listener == null ? List.of() : List.of(listener);
        LoopResult result = new TrainingLoop(student, manager, frozen, objective, new SgdOptimizer(manager, 0.9f, 0f), LrSchedule.parse("constant", 0.05),
                data.withFreshNoise(noise), data.subset(held).withFreshNoise(noise), settings, RunDirectory.create(dir, false), listeners)
                .withTeacherCache(budget).run();
        List<NDArray> params = new ArrayList<>();
        student.getParameters().forEach(p -> params.add(p.getValue().getArray().flatten()));
        connectors.values().forEach(c -> c.getParameters().forEach(p -> params.add(p.getValue().getArray().flatten())));
        float[] all = kdlab.engine.train.HostReads.floats(ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(params)));
        return new Outcome(result, all, listeners);
    }

    private static Block connector(NDManager manager) {
        Block b = Linear.builder().setUnits(24).build();
        b.initialize(manager, DataType.FLOAT32, new Shape(1, 16));
        return b;
    }
}
