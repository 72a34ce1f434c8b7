package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import kdlab.datasets.Batch;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * {@link TeacherBasis}: Q's construction (orthogonal, condition number), the identity option changing nothing,
 * the loss with Q against a hand computation, the spec's plan-time checks, and the claim behind the option:
 * for a deep linear teacher, the features shown to the student are exactly those of the reparametrised
 * teacher (Q W1, W2 Q⁻¹), which computes the same outputs.
 */
class TeacherBasisTest {
    private static double maxAbsDiff(DMatrixRMaj a, DMatrixRMaj b) {
        double m = 0;
        for (int i = 0; i < a.data.length; i++) {
            m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
        }
        return m;
    }

    @Test
    void orthogonalQIsOrthogonalDeterministicAndSeedDependent() {
        for (int n : new int[] {1, 2, 7, 50}) {
            DMatrixRMaj q = TeacherBasis.haarOrthogonal(n, new Random(3));
            DMatrixRMaj qtq = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransA(q, q, qtq);
            assertTrue(maxAbsDiff(qtq, CommonOps_DDRM.identity(n)) < 1e-5, "QᵀQ - I for n = " + n + ": " + maxAbsDiff(qtq, CommonOps_DDRM.identity(n)));
            assertEquals(0, maxAbsDiff(q, TeacherBasis.haarOrthogonal(n, new Random(3))), "same seed, same Q");
        }
        DMatrixRMaj a = TeacherBasis.haarOrthogonal(50, new Random(3));
        DMatrixRMaj b = TeacherBasis.haarOrthogonal(50, new Random(4));
        assertTrue(maxAbsDiff(a, b) > 0.1, "another seed gives another Q");
        // Not the identity, nor a signed permutation: a real mixing of the 50 features.
        assertTrue(maxAbsDiff(a, CommonOps_DDRM.identity(50)) > 0.5);
    }

    @Test
    void orthogonalQHasTheSignFixSoItsQrHasAPositiveDiagonal() {
        // Without the sign fix, QR's Q depends on the algorithm's sign convention and is not Haar distributed;
        // with it, R = QᵀA has a positive diagonal for the Gaussian A the draw started from.
        Random random = new Random(11);
        int n = 6;
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = random.nextGaussian();
        }
        DMatrixRMaj q = TeacherBasis.haarOrthogonal(n, new Random(11));
        DMatrixRMaj r = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(q, a, r);
        for (int j = 0; j < n; j++) {
            assertTrue(r.get(j, j) > 0, "R[" + j + "," + j + "] = " + r.get(j, j));
            for (int i = j + 1; i < n; i++) {
                assertEquals(0, r.get(i, j), 1e-9, "R is upper triangular");
            }
        }
    }

    @Test
    void illConditionedQHasTheAskedConditionNumberAndLogSpacedSingularValues() {
        for (double condition : new double[] {1, 10, 1000}) {
            DMatrixRMaj q = TeacherBasis.illConditioned(50, condition, new Random(5));
            double[] s = SingularOps_DDRM.singularValues(q);
            Arrays.sort(s);
            double measured = s[s.length - 1] / s[0];
            assertEquals(condition, measured, 1e-3 * condition, "condition number");
            assertEquals(1, s[0], 1e-6, "smallest singular value");
            assertEquals(Math.pow(condition, 25.0 / 49), s[25], 1e-6 * condition, "log-spaced");
        }
        DMatrixRMaj q = TeacherBasis.illConditioned(50, 1000, new Random(5));
        assertTrue(maxAbsDiff(q, TeacherBasis.illConditioned(50, 1000, new Random(6))) > 0.1, "U and V depend on the seed");
        assertThrows(IllegalArgumentException.class, () -> TeacherBasis.illConditioned(5, 0.5, new Random(0)));
        assertThrows(IllegalArgumentException.class, () -> TeacherBasis.illConditioned(1, 10, new Random(0)));
    }

    // Student and teacher mlp:3:identity on 2 inputs, 2 outputs. Linear weights are [out, in], row-major.
    private static final float[] S_W1 = {0.5f, -0.3f, 0.2f, 0.8f, -0.6f, 0.4f};
    private static final float[] S_B1 = {0.1f, -0.2f, 0.05f};
    private static final float[] T_W1 = {-0.4f, 0.6f, 0.9f, 0.1f, 0.3f, -0.7f};
    private static final float[] T_B1 = {0.2f, 0.0f, -0.1f};
    private static final float[] W2 = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
    private static final float[] B2 = {0f, 0f};
    private static final double[][] Q = {{2, 0, 1}, {0, -1, 0.5}, {1, 3, 0}};
    private static final float[] CLEAN = {1.0f, 0.5f, -0.5f, 1.5f};
    private static final float[] NOISY = {1.3f, 0.2f, -0.1f, 1.2f};

    private static void set(TappedBlock block, float[]... values) {
        List<Parameter> ps = block.getParameters().values();
        assertEquals(values.length, ps.size(), block.getParameters().keys().toString());
        for (int i = 0; i < values.length; i++) {
            ps.get(i).getArray().set(values[i]);
        }
    }

    private static TappedBlock mlp(NDManager m, String spec, int inputs, int outputs) {
        TappedBlock b = ModelSpec.parse(spec).build(outputs, true);
        b.initialize(m, DataType.FLOAT32, new Shape(1, inputs));
        return b;
    }

    /** The term's value by hand in double precision: mean over rows and units of (W_s x̃ + b_s − Q (W_t x + b_t))². */
    private static double byHand(double[][] q) {
        double sum = 0;
        for (int n = 0; n < 2; n++) {
            double[] t = new double[3];
            double[] s = new double[3];
            for (int o = 0; o < 3; o++) {
                t[o] = T_B1[o] + T_W1[2 * o] * CLEAN[2 * n] + T_W1[2 * o + 1] * CLEAN[2 * n + 1];
                s[o] = S_B1[o] + S_W1[2 * o] * NOISY[2 * n] + S_W1[2 * o + 1] * NOISY[2 * n + 1];
            }
            for (int o = 0; o < 3; o++) {
                double qt = 0;
                for (int j = 0; j < 3; j++) {
                    qt += q[o][j] * t[j];
                }
                sum += (s[o] - qt) * (s[o] - qt);
            }
        }
        return sum / 6;
    }

    private static float compute(FeatureMatchTerm term, NDManager m, TappedBlock student, FrozenModel teacher) {
        try (NDManager bm = m.newSubManager()) {
            Batch batch = new Batch(bm, bm.create(CLEAN, new Shape(2, 2)), bm.create(NOISY, new Shape(2, 2)), bm.create(new long[] {0, 1}), null);
            return term.compute(new StepView(batch, student, new ParameterStore(m, false), teacher, true)).getFloat();
        }
    }

    @Test
    void lossWithQEqualsAHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            TappedBlock student = mlp(m, "mlp:3:identity", 2, 2);
            set(student, S_W1, S_B1, W2, B2);
            TappedBlock t = mlp(m, "mlp:3:identity", 2, 2);
            set(t, T_W1, T_B1, W2, B2);
            FrozenModel teacher = new FrozenModel(t, m);
            TeacherBasis basis = TeacherBasis.of("hidden1", new DMatrixRMaj(Q), m);
            FeatureMatchTerm term = new FeatureMatchTerm(View.TRAINED_NOISY, View.FROZEN_CLEAN, List.of("hidden1"), Map.of(), basis);

            double expected = byHand(Q);
            double[][] transposed = {{2, 0, 1}, {0, -1, 3}, {1, 0.5, 0}};
            double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
            // Q applied as Qᵀ, or not at all, would give other values: the check below tells them apart.
            assertTrue(Math.abs(byHand(transposed) - expected) > 0.1 && Math.abs(byHand(identity) - expected) > 0.1);
            assertEquals(expected, compute(term, m, student, teacher), 1e-5 * expected, "student on noisy, Q times the teacher's clean features");
        }
    }

    @Test
    void identityOptionLeavesTheLossBitwiseUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Realistic widths and random weights, so any rounding the matrix product added would show.
            TappedBlock student = mlp(m, "mlp:50,50:identity", 50, 10);
            student.getParameters().values().forEach(p -> p.getArray().set(m.randomNormal(p.getArray().getShape()).toFloatArray()));
            TappedBlock t = mlp(m, "mlp:50,50:identity", 50, 10);
            t.getParameters().values().forEach(p -> p.getArray().set(m.randomNormal(p.getArray().getShape()).toFloatArray()));
            FrozenModel teacher = new FrozenModel(t, m);
            TermContext context = new TermContext("feature_match", student, t, new Shape(1, 50), false, true, m, 0, k -> k);
            LossTerm plain = new FeatureMatchTerm.Spec(List.of("hidden1", "hidden2"), null, null, null).build(context);
            LossTerm identity = new FeatureMatchTerm.Spec(List.of("hidden1", "hidden2"), null, null, null,
                    new TeacherBasis.Spec("hidden1", "identity", null, null)).build(context);
            LossTerm orthogonal = new FeatureMatchTerm.Spec(List.of("hidden1", "hidden2"), null, null, null,
                    new TeacherBasis.Spec("hidden1", "orthogonal", null, null)).build(context);
            try (NDManager bm = m.newSubManager()) {
                NDArray clean = bm.randomNormal(new Shape(64, 50));
                NDArray noisy = clean.add(bm.randomNormal(new Shape(64, 50)));
                Batch batch = new Batch(bm, clean, noisy, bm.arange(0, 64, 1, DataType.INT64), null);
                float a = plain.compute(new StepView(batch, student, new ParameterStore(m, false), teacher, true)).getFloat();
                float b = identity.compute(new StepView(batch, student, new ParameterStore(m, false), teacher, true)).getFloat();
                float c = orthogonal.compute(new StepView(batch, student, new ParameterStore(m, false), teacher, true)).getFloat();
                assertEquals(Float.floatToIntBits(a), Float.floatToIntBits(b), a + " vs " + b);
                assertNotEquals(a, c, "an orthogonal Q changes the loss, so this batch can tell the options apart");
            }
        }
    }

    @Test
    void forADeepLinearTeacherTheFeaturesShownAreThoseOfTheReparametrisedTeacher() {
        try (NDManager m = NDManager.newBaseManager()) {
            int d = 6;
            int width = 5;
            TappedBlock original = mlp(m, "mlp:" + width + "," + width + ":identity", d, 3);
            original.getParameters().values().forEach(p -> p.getArray().set(m.randomNormal(p.getArray().getShape()).toFloatArray()));
            List<Parameter> ps = original.getParameters().values();
            for (DMatrixRMaj q : List.of(TeacherBasis.haarOrthogonal(width, new Random(1)), TeacherBasis.illConditioned(width, 100, new Random(2)))) {
                // (W1, b1, W2) -> (Q W1, Q b1, W2 Q⁻¹): the same function, hidden1 becomes Q h.
                DMatrixRMaj w1 = matrix(ps.get(0).getArray());
                DMatrixRMaj b1 = matrix(ps.get(1).getArray().reshape(width, 1));
                DMatrixRMaj w2 = matrix(ps.get(2).getArray());
                DMatrixRMaj qInv = new DMatrixRMaj(width, width);
                assertTrue(CommonOps_DDRM.invert(q, qInv));
                TappedBlock reparametrised = mlp(m, "mlp:" + width + "," + width + ":identity", d, 3);
                List<Parameter> rs = reparametrised.getParameters().values();
                for (int i = 0; i < ps.size(); i++) {
                    rs.get(i).getArray().set(ps.get(i).getArray().toFloatArray());
                }
                rs.get(0).getArray().set(floats(CommonOps_DDRM.mult(q, w1, null)));
                rs.get(1).getArray().set(floats(CommonOps_DDRM.mult(q, b1, null)));
                rs.get(2).getArray().set(floats(CommonOps_DDRM.mult(w2, qInv, null)));

                FrozenModel before = new FrozenModel(original, m);
                FrozenModel after = new FrozenModel(reparametrised, m);
                TeacherBasis basis = TeacherBasis.of("hidden1", q, m);
                try (NDManager bm = m.newSubManager()) {
                    NDArray x = bm.randomNormal(new Shape(16, d));
                    Features f = before.forward(x);
                    Features g = after.forward(x);
                    assertTrue(f.output().sub(g.output()).abs().max().getFloat() < 1e-4 * Math.max(1, f.output().abs().max().getFloat()),
                            "the reparametrised teacher computes the same outputs");
                    assertTrue(f.tap("hidden2").sub(g.tap("hidden2")).abs().max().getFloat() < 1e-4 * Math.max(1, f.tap("hidden2").abs().max().getFloat()),
                            "and the same deeper features");
                    assertTrue(f.tap("hidden1").sub(g.tap("hidden1")).abs().max().getFloat() > 0.1, "but other hidden1 features");
                    NDArray shown = basis.present("hidden1", f.tap("hidden1"));
                    float scale = Math.max(1, g.tap("hidden1").abs().max().getFloat());
                    assertTrue(shown.sub(g.tap("hidden1")).abs().max().getFloat() < 1e-4 * scale,
                            "the option shows the student exactly the reparametrised teacher's hidden1");
                    assertEquals(f.tap("hidden2"), basis.present("hidden2", f.tap("hidden2")), "other taps are shown as they are");
                }
            }
        }
    }

    private static DMatrixRMaj matrix(NDArray a) {
        long[] s = a.getShape().getShape();
        float[] v = a.toFloatArray();
        DMatrixRMaj out = new DMatrixRMaj((int) s[0], (int) s[1]);
        for (int i = 0; i < v.length; i++) {
            out.data[i] = v[i];
        }
        return out;
    }

    private static float[] floats(DMatrixRMaj a) {
        float[] v = new float[a.data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.data[i];
        }
        return v;
    }

    private static TermContext context(NDManager m) {
        Shape in = new Shape(1, 6);
        TappedBlock s = mlp(m, "mlp:8,4:identity", 6, 3);
        TappedBlock t = mlp(m, "mlp:8,4:identity", 6, 3);
        return new TermContext("feature_match", s, t, in, false, true, m, 42, k -> k);
    }

    private static String refusal(NDManager m, List<String> taps, TeacherBasis.Spec basis) {
        return assertThrows(UsageException.class, () -> new FeatureMatchTerm.Spec(taps, null, null, null, basis).build(context(m))).getMessage();
    }

    @Test
    void badSettingsAreRefusedAtPlanTimeNamingTheKey() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals("objective.feature_match.teacher_basis.tap: expected one of the matched taps [hidden1], found 'hidden2'",
                    refusal(m, List.of("hidden1"), new TeacherBasis.Spec("hidden2", "orthogonal", null, null)));
            assertEquals("objective.feature_match.teacher_basis.tap: expected one of the matched taps [hidden1, hidden2] (the term matches several, so name one), found nothing",
                    refusal(m, List.of("hidden1", "hidden2"), new TeacherBasis.Spec(null, "orthogonal", null, null)));
            assertEquals("objective.feature_match.teacher_basis.q: expected one of identity, orthogonal, ill-conditioned, found 'rotated'",
                    refusal(m, List.of("hidden1"), new TeacherBasis.Spec("hidden1", "rotated", null, null)));
            assertEquals("objective.feature_match.teacher_basis.q: expected one of identity, orthogonal, ill-conditioned, found nothing",
                    refusal(m, List.of("hidden1"), new TeacherBasis.Spec("hidden1", null, null, null)));
            assertTrue(refusal(m, List.of("hidden1"), new TeacherBasis.Spec("hidden1", "orthogonal", 10.0, null))
                    .startsWith("objective.feature_match.teacher_basis.condition: expected no condition for q: orthogonal"));
            assertEquals("objective.feature_match.teacher_basis.condition: expected a finite number >= 1 (and 1 for a 1-element tap), found 0.5",
                    refusal(m, List.of("hidden1"), new TeacherBasis.Spec("hidden1", "ill-conditioned", 0.5, null)));
        }
    }

    @Test
    void theUnknownTapIsReportedUnderTheBasisKeyWhenTheTermMatchesIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            // The basis names a tap neither model has while the term's own taps are fine.
            TeacherBasis.Spec basis = new TeacherBasis.Spec("hidden9", "identity", null, null);
            String message = refusal(m, List.of("hidden1"), basis);
            assertEquals("objective.feature_match.teacher_basis.tap: expected one of the matched taps [hidden1], found 'hidden9'", message);
        }
    }

    @Test
    void resolvedSettingsWriteEveryDefaultOut() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m);
            FeatureMatchTerm.Spec spec = (FeatureMatchTerm.Spec) new FeatureMatchTerm.Spec(List.of("hidden2"), null, null, null,
                    new TeacherBasis.Spec(null, "Ill-Conditioned", null, null)).resolve(c);
            assertEquals(new TeacherBasis.Spec("hidden2", "ill-conditioned", 1000.0, 42L), spec.teacherBasis(), "the only tap, the kind's own spelling, condition 1000, the run seed");
            FeatureMatchTerm.Spec none = (FeatureMatchTerm.Spec) new FeatureMatchTerm.Spec(List.of("hidden2"), null, null, null).resolve(c);
            assertEquals(null, none.teacherBasis());
            // A basis on the only tap builds; Q is shown as Q h, not Qᵀ h.
            FeatureMatchTerm a = (FeatureMatchTerm) new FeatureMatchTerm.Spec(List.of("hidden2"), null, null, null,
                    new TeacherBasis.Spec(null, "orthogonal", null, 7L)).build(c);
            assertEquals(List.of("hidden2"), a.taps());
            DMatrixRMaj q = TeacherBasis.haarOrthogonal(4, new Random(7));
            try (NDManager bm = m.newSubManager()) {
                NDArray h = bm.create(new float[] {1, 0, 0, 0}, new Shape(1, 4));
                float[] shown = TeacherBasis.of("hidden2", q, bm).present("hidden2", h).toFloatArray();
                float[] firstColumn = {(float) q.get(0, 0), (float) q.get(1, 0), (float) q.get(2, 0), (float) q.get(3, 0)};
                assertArrayEquals(firstColumn, shown, 1e-6f, "Q e1 is Q's first column");
            }
        }
    }
}
