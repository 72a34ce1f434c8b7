package kdlab.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Update rules against PyTorch's conventions, computed by hand. */
class OptimizersTest {
    @Test
    void sgdWithMomentumAndWeightDecayFollowsTorchConvention() {
        try (NDManager m = NDManager.newBaseManager()) {
            SgdOptimizer sgd = new SgdOptimizer(m, 0.9f, 0.1f);
            NDArray w = m.create(new float[] {1f, -2f});
            NDArray g = m.create(new float[] {0.5f, 0.25f});
            // step 1: g' = g + 0.1 w = (0.6, 0.05); v = g'; w = w - 0.1 v = (0.94, -2.005)
            sgd.update("w", w, g, 0.1f);
            assertArrayEquals(new float[] {0.94f, -2.005f}, w.toFloatArray(), 1e-6f);
            // step 2: g' = (0.5 + 0.094, 0.25 - 0.2005) = (0.594, 0.0495); v = 0.9 (0.6, 0.05) + g' = (1.134, 0.0945)
            sgd.update("w", w, g, 0.1f);
            assertArrayEquals(new float[] {0.94f - 0.1134f, -2.005f - 0.00945f}, w.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void adamFirstStepMovesEachWeightByTheLearningRate() {
        try (NDManager m = NDManager.newBaseManager()) {
            AdamOptimizer adam = new AdamOptimizer(m, 0.9f, 0.999f, 1e-8f, 0f);
            NDArray w = m.create(new float[] {1f, -2f, 0f});
            NDArray g = m.create(new float[] {0.5f, -3f, 1e-3f});
            adam.steps = 1;
            adam.update("w", w, g, 0.01f);
            // With bias correction the first step is lr·g/|g| (up to ε).
            assertArrayEquals(new float[] {0.99f, -1.99f, -0.01f}, w.toFloatArray(), 1e-5f);
            assertEquals(2, adam.stateArrays().size());
        }
    }

    @Test
    void schedulesAreFunctionsOfTheStep() {
        LrSchedule step = LrSchedule.parse("step:2:0.1", 1.0);
        assertEquals(1.0f, step.rate(1, 0, 10, 6), 1e-7);
        assertEquals(0.1f, step.rate(2, 0, 10, 6), 1e-7);
        assertEquals(0.01f, step.rate(5, 9, 10, 6), 1e-7);
        LrSchedule cosine = LrSchedule.parse("cosine", 2.0);
        assertEquals(2.0f, cosine.rate(0, 0, 10, 4), 1e-6);
        assertEquals(1.0f, cosine.rate(2, 0, 10, 4), 1e-6);
        assertEquals("step:2:0.1", step.spec());
        LrSchedule multi = LrSchedule.parse("multistep:150,180,210:0.1", 0.05);
        assertEquals(0.05f, multi.rate(149, 0, 10, 240), 1e-9);
        assertEquals(0.005f, multi.rate(150, 0, 10, 240), 1e-9);
        assertEquals(0.00005f, multi.rate(239, 9, 10, 240), 1e-10);
        assertEquals("multistep:150,180,210:0.1", multi.spec());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("linear", 1));
        assertEquals("--schedule: expected constant, cosine, step:EVERY:GAMMA (e.g. step:30:0.1) or multistep:E1,E2,...:GAMMA"
                + " (e.g. multistep:150,180,210:0.1), found 'linear'", e.getMessage());
    }
}
