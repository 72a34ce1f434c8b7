package kdlab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A student epoch leaves the teacher bit-for-bit as it was, while the student itself moves. */
class FrozenTeacherTest {
    @TempDir
    Path dir;

    @Test
    void studentEpochLeavesTeacherBitwiseUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            TappedBlock teacher = ModelSpec.parse("mlp:16,16").build(3, true);
            teacher.initialize(m, DataType.FLOAT32, new Shape(1, 8));
            TappedBlock student = ModelSpec.parse("mlp:16,16").build(3, true);
            student.initialize(m, DataType.FLOAT32, new Shape(1, 8));
            FrozenModel frozen = new FrozenModel(teacher, m);
            List<float[]> teacherBefore = weights(teacher);
            List<float[]> studentBefore = weights(student);

            NDArray x = m.randomNormal(new Shape(96, 8));
            NDArray y = m.randomInteger(0, 3, new Shape(96), DataType.INT64);
            DeviceDataset all = DeviceDataset.of(new Split(x, y));
            DeviceDataset[] parts = all.trainValidation(32, 1);
            Noise noise = Noise.parse("gaussian:0.3");
            Objective objective = kdlab.engine.objective.HongObjective.of(true, View.TRAINED_NOISY, 1.0, List.of("hidden1", "hidden2"));
            LoopSettings settings = new LoopSettings(1, 16, 1, true, 0, false, 1e-3, 2, View.TRAINED_NOISY, 0);
            LoopResult result = new TrainingLoop(student, m, frozen, objective, new SgdOptimizer(m, 0.9f, 0f),
                    LrSchedule.parse("constant", 0.1), parts[0].withFixedNoise(noise), parts[1].withFixedNoise(noise), settings,
                    RunDirectory.create(dir.resolve("run"), false), List.of()).run();

            assertEquals(1, result.state().epochsCompleted());
            assertEquals(4, result.state().optimizerSteps());
            List<float[]> teacherAfter = weights(teacher);
            for (int i = 0; i < teacherBefore.size(); i++) {
                assertArrayEquals(teacherBefore.get(i), teacherAfter.get(i), 0f, "teacher parameter " + i);
            }
            assertFalse(java.util.Arrays.equals(studentBefore.get(0), weights(student).get(0)), "the student must have moved");
            teacher.getParameters().forEach(p -> assertFalse(p.getValue().requiresGradient(), p.getKey()));

            // Detachment is checked inside a gradient collector in FrozenCnnTeacherTest: DJL's hasGradient() is
            // false for every non-leaf array, detached or not, so asserting it here proved nothing.
            Features f = frozen.forward(x);
            assertTrue(f.tapNames().contains("hidden1"));
        }
    }

    private static List<float[]> weights(TappedBlock block) {
        List<float[]> out = new ArrayList<>();
        block.getParameters().forEach(p -> out.add(p.getValue().getArray().toFloatArray()));
        return out;
    }

}
