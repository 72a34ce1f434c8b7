package kdlab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.Split;
import kdlab.datasets.noise.Noise;
import kdlab.engine.job.RunJob;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.View;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.SgdOptimizer;
import kdlab.engine.run.RunDirectory;
import kdlab.models.ModelSpec;
import kdlab.models.fold.BatchNormFolding;
import kdlab.models.fold.ConvBnPair;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frozen teacher with batch norm: its learned parameters and its running statistics stay bit for bit as
 * they were, both over a real student epoch and for a single forward inside a gradient collector. A batch
 * norm run in training mode updates its running mean and variance in place on every forward, so these
 * checks are what shows that {@link FrozenModel} runs the teacher in inference mode.
 */
class FrozenCnnTeacherTest {
    private static final Shape IMAGE = new Shape(1, 3, 32, 32);

    @TempDir
    Path dir;

    /** A resnet8 whose running statistics are no longer the initial 0 and 1, as a trained teacher's are not. */
    private static TappedBlock teacher(NDManager m) {
        TappedBlock t = ModelSpec.parse("resnet8").build(10, true);
        t.initialize(m, DataType.FLOAT32, IMAGE);
        ParameterStore ps = new ParameterStore(m, false);
        for (int i = 0; i < 3; i++) {
            try (NDManager sub = m.newSubManager()) {
                t.forward(ps, new NDList(sub.randomUniform(0, 1, new Shape(8, 3, 32, 32))), true);
            }
        }
        return t;
    }

    @Test
    void studentEpochLeavesCnnTeacherParametersAndStatisticsBitwiseUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            TappedBlock teacher = teacher(m);
            TappedBlock student = ModelSpec.parse("resnet8").build(10, true);
            student.initialize(m, DataType.FLOAT32, IMAGE);
            FrozenModel frozen = new FrozenModel(teacher, m);
            Map<String, float[]> teacherBefore = values(teacher);
            Map<String, float[]> studentBefore = values(student);
            assertTrue(teacherBefore.keySet().stream().anyMatch(k -> k.endsWith("runningMean")), teacherBefore.keySet().toString());

            NDArray x = m.randomUniform(0, 1, new Shape(48, 3, 32, 32));
            NDArray y = m.randomInteger(0, 10, new Shape(48), DataType.INT64);
            DeviceDataset[] parts = DeviceDataset.of(new Split(x, y)).trainValidation(16, 1);
            Noise noise = Noise.parse("gaussian:0.3");
            Objective objective = kdlab.engine.objective.HongObjective.of(true, View.TRAINED_NOISY, 1.0, List.of("stem", "stage2", "stage3"));
            LoopSettings settings = new LoopSettings(1, 16, 1, true, 0, false, 1e-3, 2, View.TRAINED_NOISY, 0);
            LoopResult result = new TrainingLoop(student, m, frozen, objective, new SgdOptimizer(m, 0.9f, 0f),
                    LrSchedule.parse("constant", 0.1), parts[0].withFixedNoise(noise), parts[1].withFixedNoise(noise), settings,
                    RunDirectory.create(dir.resolve("run"), false), List.of()).run();
            assertEquals(2, result.state().optimizerSteps());

            Map<String, float[]> teacherAfter = values(teacher);
            for (var e : teacherBefore.entrySet()) {
                assertArrayEquals(e.getValue(), teacherAfter.get(e.getKey()), 0f, "teacher " + e.getKey());
            }
            teacher.getParameters().forEach(p -> assertFalse(p.getValue().getArray().hasGradient(), "teacher " + p.getKey() + " requires a gradient"));
            // The same epoch does move the student's weights and its running statistics: the checks above can fail.
            Map<String, float[]> studentAfter = values(student);
            for (String k : List.of("01Conv2d_weight", "02BatchNorm_runningMean", "02BatchNorm_runningVar")) {
                String key = studentBefore.keySet().stream().filter(n -> n.endsWith(k)).findFirst().orElseThrow(() -> new AssertionError(k + " in " + studentBefore.keySet()));
                assertFalse(Arrays.equals(studentBefore.get(key), studentAfter.get(key)), "the student's " + key + " must have moved");
            }
        }
    }

    /**
     * One teacher forward inside a gradient collector, on an input that itself requires a gradient (as a
     * student-side input could). Each check fails for a FrozenModel that gets one of its three duties wrong:
     * <ul>
     *   <li>forward with training=true: batch norm updates the running statistics in place (and normalises with
     *       the batch's own statistics, so the output differs from the reference computed before);
     *   <li>no stopGradient: the output and taps require a gradient (the input does), and backward through them
     *       adds the teacher's derivative to the input's gradient, which must be exactly 1 from {@code input.sum()};
     *   <li>no freeze: the teacher's parameter arrays require gradients.
     * </ul>
     * Each of the three was checked by editing FrozenModel locally and watching this test fail.
     */
    @Test
    void forwardInsideGradientCollectorIsInferenceAndDetached() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            TappedBlock teacher = teacher(m);
            FrozenModel frozen = new FrozenModel(teacher, m);
            NDArray x = m.randomUniform(0, 1, new Shape(8, 3, 32, 32)).add(0.5f);
            float[] reference = frozen.forward(x).output().toFloatArray();
            Map<String, float[]> before = values(teacher);
            long statistics = before.keySet().stream().filter(k -> k.endsWith("runningMean") || k.endsWith("runningVar")).count();
            assertTrue(statistics >= 10, "resnet8 has a batch norm after every convolution: " + statistics);

            NDArray input = x.duplicate();
            input.setRequiresGradient(true);
            Features f;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                f = frozen.forward(input);
                NDArray loss = input.sum().add(f.output().square().sum());
                for (String tap : f.tapNames()) {
                    loss = loss.add(f.tap(tap).square().sum());
                }
                gc.backward(loss);
            }
            float[] grad = input.getGradient().toFloatArray();
            float[] ones = new float[grad.length];
            Arrays.fill(ones, 1f);
            assertArrayEquals(ones, grad, 0f, "no gradient flows back through the teacher");
            assertArrayEquals(reference, f.output().toFloatArray(), 0f, "inference mode: the output does not depend on the batch");
            Map<String, float[]> after = values(teacher);
            for (var e : before.entrySet()) {
                assertArrayEquals(e.getValue(), after.get(e.getKey()), 0f, "teacher " + e.getKey() + " after one forward in a collector");
            }
            for (var p : teacher.getParameters()) {
                Parameter param = p.getValue();
                assertFalse(param.requiresGradient(), p.getKey());
                assertFalse(param.getArray().hasGradient(), "teacher " + p.getKey() + " array requires a gradient");
            }
        }
    }

    /**
     * The frozen teacher runs with its batch norms folded into its convolutions, and its output and taps are the
     * unfolded network's within the tolerance the models' {@code BatchNormFoldingTest} states (2e-5 of the
     * largest absolute value of each array); its parameters stay bit for bit.
     */
    @Test
    void frozenTeacherRunsFoldedAndMatchesTheUnfoldedNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            TappedBlock teacher = teacher(m);
            NDArray x = m.randomUniform(0, 1, new Shape(8, 3, 32, 32));
            Features unfolded = teacher.forwardFeatures(new ParameterStore(m, false), x, false);
            Map<String, float[]> before = values(teacher);

            FrozenModel frozen = new FrozenModel(teacher, m);
            // resnet8: the stem, two per basic block, and the two projection shortcuts.
            assertEquals(9, frozen.foldedBatchNorms());
            assertTrue(BatchNormFolding.pairs(teacher).stream().allMatch(ConvBnPair::isFolded));
            Features folded = frozen.forward(x);
            assertClose(unfolded.output(), folded.output(), "output");
            for (String tap : unfolded.tapNames()) {
                assertClose(unfolded.tap(tap), folded.tap(tap), tap);
            }
            Map<String, float[]> after = values(teacher);
            for (var e : before.entrySet()) {
                assertArrayEquals(e.getValue(), after.get(e.getKey()), 0f, "teacher " + e.getKey() + " after folding");
            }
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        float[] want = expected.toFloatArray();
        float[] got = actual.toFloatArray();
        assertEquals(want.length, got.length, what);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < want.length; i++) {
            diff = Math.max(diff, Math.abs((double) got[i] - want[i]));
            scale = Math.max(scale, Math.abs((double) want[i]));
        }
        assertTrue(diff <= 2e-5 * scale, what + ": max |folded - unfolded| " + diff + " against max |unfolded| " + scale);
    }

    private static Map<String, float[]> values(TappedBlock block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        block.getParameters().forEach(p -> out.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        return out;
    }
}
