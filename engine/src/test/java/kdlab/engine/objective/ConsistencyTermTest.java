package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kdlab.datasets.Batch;
import kdlab.engine.run.Json;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/**
 * SoTeacher's consistency term against PAPERS.md §3.3, epoch by epoch: τ = 1, 1/3, 1/4, … (c = 0 in epoch 1,
 * then c = e); the table update after each step; the sot-* weight schedules (0 in epoch 1); and the loss and its
 * gradient against PyTorch.
 */
class ConsistencyTermTest {
    @Test
    void tauFollowsTheEpochCounter() {
        assertEquals(1.0, ConsistencyTerm.tau(1));
        assertEquals(1.0 / 3, ConsistencyTerm.tau(2));
        assertEquals(1.0 / 4, ConsistencyTerm.tau(3));
        assertEquals(1.0 / 11, ConsistencyTerm.tau(10));
    }

    @Test
    void schedulesAreZeroInEpochOneThenFollowTheirFormula() {
        int total = 4;
        double[] linear = new double[total];
        double[] cosine = new double[total];
        double[] cycle = new double[total];
        double[] step = new double[total];
        for (int e = 0; e < total; e++) {
            // Mid-epoch: the sot-* schedules change at epoch ends only.
            StepProgress p = new StepProgress(e, 3, 10, total);
            linear[e] = WeightSchedule.parse("sot-linear").factor(p);
            cosine[e] = WeightSchedule.parse("sot-cosine").factor(p);
            cycle[e] = WeightSchedule.parse("sot-cycle").factor(p);
            step[e] = WeightSchedule.parse("sot-step:2").factor(p);
        }
        assertArrayEquals(new double[] {0, 0.5, 0.75, 1.0}, linear, 1e-12);
        assertArrayEquals(new double[] {0, Math.cos(0.5 * Math.PI / 2), Math.cos(0.25 * Math.PI / 2), 1.0}, cosine, 1e-12);
        assertArrayEquals(new double[] {0, Math.sqrt(1 - 0.25), Math.sqrt(1 - 0.0625), 1.0}, cycle, 1e-12);
        assertArrayEquals(new double[] {0, 0, 1, 1}, step, 0);
        assertEquals("sot-step:2", WeightSchedule.parse("sot-step:2").spec());
    }

    /** The table's manager lives as long as the run: nothing a step makes may stay on it (a [B, K] copy per step did). */
    @Test
    void stepsLeaveNothingOnTheTablesManager() {
        try (NDManager m = NDManager.newBaseManager(); NDManager tables = m.newSubManager()) {
            TappedBlock model = ModelSpec.parse("mlp:4").build(3, true);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            ConsistencyTerm term = new ConsistencyTerm(View.TRAINED_CLEAN, tables, 4, 3);
            int before = tables.getManagedArrays().size();
            for (int epoch = 0; epoch < 3; epoch++) {
                try (NDManager b = m.newSubManager()) {
                    NDArray x = b.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
                    Batch batch = new Batch(b, x, x, b.create(new long[] {0, 1}), b.create(new long[] {3, 1}));
                    StepView step = new StepView(batch, model, new ParameterStore(b, false), null, true, new StepProgress(epoch, 0, 1, 3));
                    term.compute(step);
                    term.afterStep(step);
                }
            }
            assertEquals(before, tables.getManagedArrays().size(), "arrays left on the table's manager by three steps");
        }
    }

    @Test
    void theTableIsARunningMeanOfPastEpochsPredictions() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            TappedBlock model = ModelSpec.parse("mlp:4").build(3, true);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            ConsistencyTerm term = new ConsistencyTerm(View.TRAINED_CLEAN, m, 4, 3);
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray idx = m.create(new long[] {3, 1});
            float[] probabilities = model.forward(new ParameterStore(m, false), new NDList(x), false).get(0).softmax(1).toFloatArray();
            float[] expected = new float[12];
            float[] kept = {0, 0, 0, 0, 0, 0};
            for (int epoch = 0; epoch < 3; epoch++) {
                try (NDManager b = m.newSubManager()) {
                    Batch batch = new Batch(b, x, x, m.create(new long[] {0, 1}), idx);
                    StepView step = new StepView(batch, model, new ParameterStore(b, false), null, true, new StepProgress(epoch, 0, 1, 3));
                    NDArray loss = term.compute(step);
                    // The loss reads the table before this step's update.
                    double l = 0;
                    for (int i = 0; i < 2; i++) {
                        for (int k = 0; k < 3; k++) {
                            double d = probabilities[i * 3 + k] - kept[i * 3 + k];
                            l += d * d;
                        }
                    }
                    assertEquals(l / 2, loss.getFloat(), 1e-6);
                    term.afterStep(step);
                }
                double tau = ConsistencyTerm.tau(epoch + 1);
                for (int i = 0; i < 6; i++) {
                    kept[i] = (float) ((1 - tau) * kept[i] + tau * probabilities[i]);
                }
                for (int k = 0; k < 3; k++) {
                    expected[3 * 3 + k] = kept[k];
                    expected[1 * 3 + k] = kept[3 + k];
                }
                assertArrayEquals(expected, term.table().toFloatArray(), 1e-6f, "after epoch " + (epoch + 1));
            }
            assertTrue(expected[0] == 0 && term.table().toFloatArray()[0] == 0, "rows of samples not seen stay zero");
        }
    }

    private static double[] values(JsonNode n) {
        List<Double> out = new ArrayList<>();
        n.forEach(r -> r.forEach(v -> out.add(v.asDouble())));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void lossAndGradientAgreeWithPyTorch() throws IOException {
        JsonNode f = Json.MAPPER.readTree(Path.of("src/test/resources/fixtures/terms/consistency_b5_k4.json").toFile());
        try (NDManager m = NDManager.newBaseManager()) {
            double[] z = values(f.get("student"));
            double[] s = values(f.get("targets"));
            float[] zf = new float[z.length];
            float[] sf = new float[s.length];
            for (int i = 0; i < z.length; i++) {
                zf[i] = (float) z[i];
                sf[i] = (float) s[i];
            }
            NDArray logits = m.create(zf, new Shape(5, 4));
            logits.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray loss = ConsistencyTerm.loss(logits.softmax(1), m.create(sf, new Shape(5, 4)));
                assertEquals(f.get("value").asDouble(), loss.getFloat(), 1e-5 * f.get("value").asDouble());
                c.backward(loss);
            }
            double[] g = values(f.get("grad_student"));
            float[] actual = logits.getGradient().toFloatArray();
            double peak = java.util.Arrays.stream(g).map(Math::abs).max().orElse(0);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], actual[i], 1e-5 * Math.max(Math.abs(g[i]), 1e-3 * peak), "grad[" + i + "]");
            }
        }
    }
}
