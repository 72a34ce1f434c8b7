package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.HashSet;
import java.util.Set;
import kdlab.datasets.Batch;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/**
 * CRD's term beyond its maths (which {@link CrdParityTest} checks): the spec's defaults and its errors before the
 * first batch, Z fixed on the first batch, the bank's momentum update, class-exclusive negatives, K above the
 * available negatives, the queue's fixed size and rollover, state round trips, and no per-step leak.
 */
class CrdTermTest {
    private static final int N = 12;
    private static final Shape IN = new Shape(1, 6);

    private static TermContext context(NDManager m, NDArray labels) {
        TappedBlock s = ModelSpec.parse("mlp:8,7").build(3, true);
        s.initialize(m, DataType.FLOAT32, IN);
        TappedBlock t = ModelSpec.parse("mlp:16,9").build(3, true);
        t.initialize(m, DataType.FLOAT32, IN);
        return new TermContext("crd", s, t, IN, true, false, m, 0, k -> k, N, labels);
    }

    private static NDArray labels(NDManager m) {
        return m.create(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2});
    }

    private static CrdTerm.Spec spec(String tap, String teacherTap, Integer featDim, Integer k, Integer queue) {
        return new CrdTerm.Spec(tap, teacherTap, featDim, k, null, null, queue, null, null);
    }

    @Test
    void defaultsAreRepDistillersAndTheTapsThePenultimateVectors() {
        assertEquals(new CrdTerm.Spec(null, null, 128, 16384, 0.07, 0.5, 0, "noisy", "clean"), spec(null, null, null, null, null).withDefaults());
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(new CrdTerm.Spec("hidden2", "hidden2", 128, 16384, 0.07, 0.5, 0, "noisy", "clean"),
                    spec(null, null, null, null, null).resolve(context(m, null)));
        }
    }

    private static String error(CrdTerm.Spec spec) {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, null);
            return assertThrows(UsageException.class, () -> spec.build(c)).getMessage();
        }
    }

    @Test
    void badSettingsAreRejectedBeforeTheFirstBatch() {
        assertEquals("objective.crd.tap: unknown tap 'pool'; the student has hidden1, hidden2", error(spec("pool", null, null, null, null)));
        assertEquals("objective.crd.teacher_tap: unknown tap 'hidden3'; the teacher has hidden1, hidden2",
                error(spec(null, "hidden3", null, null, null)));
        assertEquals("objective.crd.feat_dim: expected an embedding size of at least 1, found 0", error(spec(null, null, 0, null, null)));
        assertEquals("objective.crd.nce_k: expected at least 1 negative per sample, found 0", error(spec(null, null, null, 0, null)));
        assertEquals("objective.crd.queue: expected a queue size of at least 1 (or 0 for the full bank), found -4",
                error(spec(null, null, null, null, -4)));
        assertEquals("objective.crd.momentum: expected a momentum in [0, 1), found 1.0",
                error(new CrdTerm.Spec(null, null, null, null, null, 1.0, null, null, null)));
        assertEquals("objective.crd.temperature: expected a temperature above 0, found 0.0",
                error(new CrdTerm.Spec(null, null, null, null, 0.0, null, null, null, null)));
    }

    /** One training step (compute, backward, afterStep) on the given sample indices. */
    private static float step(CrdTerm term, TermContext c, NDManager m, long[] indices, long[] targets, float[] inputs) {
        try (NDManager b = m.newSubManager()) {
            NDArray x = b.create(inputs, new Shape(indices.length, 6));
            Batch batch = new Batch(b, x, x, b.create(targets), b.create(indices));
            FrozenModel teacher = new FrozenModel(c.teacher(), m);
            StepView view = new StepView(batch, c.student(), new ParameterStore(b, false), teacher, true, new StepProgress(0, 0, 1, 1));
            float value;
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                NDArray loss = term.compute(view);
                value = loss.getFloat();
                g.backward(loss);
            }
            term.afterStep(view);
            return value;
        }
    }

    private static float[] inputs(int rows, int seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] f = new float[rows * 6];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return f;
    }

    private static NDArray embeddings(CrdTerm term, TermContext c, NDManager m, String part, float[] in, int rows) {
        NDArray x = m.create(in, new Shape(rows, 6));
        boolean student = part.equals("embed_s");
        TappedBlock model = student ? c.student() : c.teacher();
        NDList out = model.forward(new ParameterStore(m, false), new NDList(x), student);
        NDArray feature = out.get(2);
        return CrdTerm.embed(term.parts().get(part).forward(new ParameterStore(m, false), new NDList(feature), true).singletonOrThrow());
    }

    @Test
    void zIsFixedOnTheFirstBatchAndTheBankMovesWithMomentum() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, labels(m));
            CrdTerm term = (CrdTerm) spec(null, null, 8, 100, null).build(c);
            assertArrayEquals(new float[] {-1, -1}, term.z().toFloatArray());
            float[] old = term.memoryStudent().toFloatArray();
            float[] oldTeacher = term.memoryTeacher().toFloatArray();
            float[] in = inputs(4, 1);
            long[] idx = {5, 0, 9, 2};
            float loss = step(term, c, m, idx, new long[] {2, 0, 0, 2}, in);
            assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
            float[] z = term.z().toFloatArray();
            assertTrue(z[0] > 0 && z[1] > 0, java.util.Arrays.toString(z));

            float[] vs = embeddings(term, c, m, "embed_s", in, 4).toFloatArray();
            float[] vt = embeddings(term, c, m, "embed_t", in, 4).toFloatArray();
            checkBank(old, term.memoryStudent().toFloatArray(), vs, idx);
            checkBank(oldTeacher, term.memoryTeacher().toFloatArray(), vt, idx);

            step(term, c, m, new long[] {1, 3}, new long[] {1, 0}, inputs(2, 2));
            assertArrayEquals(z, term.z().toFloatArray(), "Z stays as the first batch set it");
        }
    }

    private static void checkBank(float[] before, float[] after, float[] v, long[] idx) {
        int d = 8;
        Set<Long> touched = new HashSet<>();
        for (int i = 0; i < idx.length; i++) {
            touched.add(idx[i]);
            double norm = 0;
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                row[j] = 0.5 * before[(int) idx[i] * d + j] + 0.5 * v[i * d + j];
                norm += row[j] * row[j];
            }
            for (int j = 0; j < d; j++) {
                assertEquals(row[j] / Math.sqrt(norm), after[(int) idx[i] * d + j], 1e-5, "bank row " + idx[i]);
            }
        }
        for (int r = 0; r < N; r++) {
            if (!touched.contains((long) r)) {
                for (int j = 0; j < d; j++) {
                    assertEquals(before[r * d + j], after[r * d + j], "untouched row " + r);
                }
            }
        }
    }

    @Test
    void negativesComeFromOtherClassesWithReplacementBeyondTheirNumber() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray labels = labels(m);
            CrdTerm.NegativeSampler sampler = CrdTerm.NegativeSampler.classExclusive(m, labels);
            Engine.getInstance().setRandomSeed(3);
            long[] y = {0, 1, 2};
            // K = 500 draws from the 8 samples of the other two classes.
            long[] drawn = sampler.draw(m, m.create(y), 3, 500).toLongArray();
            long[] all = labels.toLongArray();
            for (int i = 0; i < 3; i++) {
                Set<Long> seen = new HashSet<>();
                for (int k = 0; k < 500; k++) {
                    long j = drawn[i * 500 + k];
                    assertNotEquals(y[i], all[(int) j], "sample " + j + " drawn as a negative of its own class");
                    seen.add(j);
                }
                assertEquals(8, seen.size(), "every sample of the other classes is drawn: " + seen);
            }
            Engine.getInstance().setRandomSeed(3);
            assertArrayEquals(drawn, sampler.draw(m, m.create(y), 3, 500).toLongArray(), "the reseeded generator draws the same");
            long[] uniform = CrdTerm.NegativeSampler.uniform(5).draw(m, m.create(y), 3, 400).toLongArray();
            assertEquals(5, java.util.Arrays.stream(uniform).distinct().count());
            assertTrue(java.util.Arrays.stream(uniform).allMatch(j -> j >= 0 && j < 5));
        }
    }

    @Test
    void theQueueKeepsItsSizeAndRollsOver() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, labels(m));
            CrdTerm term = (CrdTerm) spec(null, null, 8, 50, 5).build(c);
            assertEquals(new Shape(5, 8), term.memoryStudent().getShape());
            float[] first = inputs(3, 4);
            step(term, c, m, new long[] {0, 1, 2}, new long[] {0, 1, 2}, first);
            assertEquals(3, term.queuePointer());
            float[] second = inputs(4, 5);
            step(term, c, m, new long[] {3, 4, 5, 6}, new long[] {0, 1, 2, 0}, second);
            assertEquals(2, term.queuePointer());
            assertEquals(new Shape(5, 8), term.memoryStudent().getShape());
            assertEquals(new Shape(5, 8), term.memoryTeacher().getShape());
            float[] q = term.memoryStudent().toFloatArray();
            float[] v1 = embeddings(term, c, m, "embed_s", first, 3).toFloatArray();
            float[] v2 = embeddings(term, c, m, "embed_s", second, 4).toFloatArray();
            // Slot 2 still holds the first batch's last row; slots 3, 4, 0, 1 the second batch's rows in order.
            assertRow(v1, 2, q, 2);
            assertRow(v2, 0, q, 3);
            assertRow(v2, 1, q, 4);
            assertRow(v2, 2, q, 0);
            assertRow(v2, 3, q, 1);
            // A batch larger than the queue keeps its newest rows.
            float[] third = inputs(7, 6);
            step(term, c, m, new long[] {0, 1, 2, 3, 4, 5, 6}, new long[] {0, 1, 2, 0, 1, 2, 0}, third);
            assertEquals(4, term.queuePointer());
            float[] v3 = embeddings(term, c, m, "embed_t", third, 7).toFloatArray();
            float[] qt = term.memoryTeacher().toFloatArray();
            for (int i = 2; i < 7; i++) {
                assertRow(v3, i, qt, (2 + i) % 5);
            }
        }
    }

    private static void assertRow(float[] v, int row, float[] queue, int slot) {
        for (int j = 0; j < 8; j++) {
            assertEquals(v[row * 8 + j], queue[slot * 8 + j], 1e-6, "slot " + slot);
        }
    }

    @Test
    void stateRoundTripsAndAMismatchIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, labels(m));
            CrdTerm queued = (CrdTerm) spec(null, null, 8, 50, 5).build(c);
            step(queued, c, m, new long[] {0, 1, 2}, new long[] {0, 1, 2}, inputs(3, 7));
            NDList saved = new NDList();
            queued.state().forEach(a -> saved.add(a.duplicate()));
            CrdTerm fresh = (CrdTerm) spec(null, null, 8, 50, 5).build(c);
            fresh.restoreState(saved);
            assertEquals(3, fresh.queuePointer());
            assertArrayEquals(queued.memoryStudent().toFloatArray(), fresh.memoryStudent().toFloatArray());
            assertArrayEquals(queued.z().toFloatArray(), fresh.z().toFloatArray());
            CrdTerm bank = (CrdTerm) spec(null, null, 8, 50, null).build(c);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bank.restoreState(saved));
            assertEquals("crd: expected 3 state arrays (the bank and Z), found 4; was the checkpoint written with another queue setting?", e.getMessage());
        }
    }

    @Test
    void validationReportsZeroAndLeavesTheBank() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, labels(m));
            CrdTerm term = (CrdTerm) spec(null, null, 8, 50, null).build(c);
            float[] before = term.memoryStudent().toFloatArray();
            try (NDManager b = m.newSubManager()) {
                NDArray x = b.create(inputs(2, 8), new Shape(2, 6));
                Batch batch = new Batch(b, x, x, b.create(new long[] {0, 1}), b.create(new long[] {0, 1}));
                StepView view = new StepView(batch, c.student(), new ParameterStore(b, false), new FrozenModel(c.teacher(), m), false);
                assertEquals(0f, term.compute(view).getFloat());
                term.afterStep(view);
            }
            assertArrayEquals(before, term.memoryStudent().toFloatArray());
        }
    }

    @Test
    void stepsLeaveNothingInTheLongLivedManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, labels(m));
            CrdTerm term = (CrdTerm) spec(null, null, 8, 50, null).build(c);
            CrdTerm queued = (CrdTerm) spec(null, null, 8, 50, 4).build(c);
            step(term, c, m, new long[] {0, 1}, new long[] {0, 1}, inputs(2, 9));
            step(queued, c, m, new long[] {0, 1}, new long[] {0, 1}, inputs(2, 9));
            int after = m.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                step(term, c, m, new long[] {2, 3}, new long[] {2, 0}, inputs(2, 10 + i));
                step(queued, c, m, new long[] {2, 3}, new long[] {2, 0}, inputs(2, 10 + i));
            }
            assertEquals(after, m.getManagedArrays().size(), "arrays left in the run's manager by three more steps");
        }
    }
}
