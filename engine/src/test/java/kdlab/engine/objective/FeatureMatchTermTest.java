package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import kdlab.datasets.Batch;
import kdlab.models.ModelSpec;
import kdlab.models.adapt.ConnectorKind;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatureMatchTerm#compute} against a hand computation: two taps summed, a linear connector on one
 * of them, the student on the noisy inputs and the teacher on the clean ones. The networks are tiny MLPs
 * (2 inputs, two hidden layers) whose weights the test sets, so every feature is computed here by hand in
 * double precision.
 */
class FeatureMatchTermTest {
    // Student mlp:3,2 and teacher mlp:3,4 on 2 inputs; Linear weights are [out, in], row-major.
    private static final float[] S_W1 = {0.5f, -0.3f, 0.2f, 0.8f, -0.6f, 0.4f};
    private static final float[] S_B1 = {0.1f, -0.2f, 0.05f};
    private static final float[] S_W2 = {0.3f, -0.5f, 0.7f, -0.4f, 0.6f, 0.2f};
    private static final float[] S_B2 = {0.05f, 0.1f};
    private static final float[] T_W1 = {-0.4f, 0.6f, 0.9f, 0.1f, 0.3f, -0.7f};
    private static final float[] T_B1 = {0.2f, 0.0f, -0.1f};
    private static final float[] T_W2 = {0.5f, 0.2f, -0.3f, -0.6f, 0.4f, 0.8f, 0.1f, -0.2f, 0.3f, 0.7f, 0.5f, -0.1f};
    private static final float[] T_B2 = {0.0f, 0.1f, -0.05f, 0.2f};
    // Output layers: their values do not enter the feature term.
    private static final float[] S_W3 = {0.1f, 0.2f, 0.3f, 0.4f};
    private static final float[] T_W3 = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
    private static final float[] B3 = {0f, 0f};
    // Connector at hidden2: Linear 2 -> 4.
    private static final float[] C_W = {0.9f, -0.2f, 0.4f, 0.6f, -0.5f, 0.3f, 0.2f, 0.8f};
    private static final float[] C_B = {0.1f, -0.1f, 0.0f, 0.05f};

    private static final float[] CLEAN = {1.0f, 0.5f, -0.5f, 1.5f};
    private static final float[] NOISY = {1.3f, 0.2f, -0.1f, 1.2f};

    private static void set(Block block, float[]... values) {
        List<Parameter> ps = block.getParameters().values();
        assertEquals(values.length, ps.size(), block.getParameters().keys().toString());
        for (int i = 0; i < values.length; i++) {
            NDArray a = ps.get(i).getArray();
            assertEquals(values[i].length, a.size(), block.getParameters().keys().get(i));
            a.set(values[i]);
        }
    }

    /** relu(W x + b) or W x + b, per row of x. */
    private static double[][] layer(double[][] x, float[] w, float[] b, boolean relu) {
        int out = b.length;
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int n = 0; n < x.length; n++) {
            for (int o = 0; o < out; o++) {
                double v = b[o];
                for (int i = 0; i < in; i++) {
                    v += (double) w[o * in + i] * x[n][i];
                }
                y[n][o] = relu ? Math.max(0, v) : v;
            }
        }
        return y;
    }

    private static double mse(double[][] a, double[][] b) {
        double s = 0;
        int count = 0;
        for (int n = 0; n < a.length; n++) {
            for (int j = 0; j < a[n].length; j++) {
                s += (a[n][j] - b[n][j]) * (a[n][j] - b[n][j]);
                count++;
            }
        }
        return s / count;
    }

    private static double[][] rows(float[] flat) {
        return new double[][] {{flat[0], flat[1]}, {flat[2], flat[3]}};
    }

    /** The term's value when the student sees {@code studentIn} and the teacher {@code teacherIn}, by hand. */
    private static double byHand(float[] studentIn, float[] teacherIn) {
        double[][] s1 = layer(rows(studentIn), S_W1, S_B1, true);
        double[][] s2 = layer(s1, S_W2, S_B2, true);
        double[][] connected = layer(s2, C_W, C_B, false);
        double[][] t1 = layer(rows(teacherIn), T_W1, T_B1, true);
        double[][] t2 = layer(t1, T_W2, T_B2, true);
        return mse(s1, t1) + mse(connected, t2);
    }

    @Test
    void summedTapsWithConnectorReadNoisyStudentAndCleanTeacher() {
        try (NDManager m = NDManager.newBaseManager()) {
            TappedBlock student = ModelSpec.parse("mlp:3,2").build(2, true);
            student.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            set(student, S_W1, S_B1, S_W2, S_B2, S_W3, B3);
            TappedBlock teacher = ModelSpec.parse("mlp:3,4").build(2, true);
            teacher.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            set(teacher, T_W1, T_B1, T_W2, T_B2, T_W3, B3);
            Block connector = ConnectorKind.LINEAR.build("hidden2", new Shape(2, 2), new Shape(2, 4));
            connector.initialize(m, DataType.FLOAT32, new Shape(2, 2));
            set(connector, C_W, C_B);
            FrozenModel frozen = new FrozenModel(teacher, m);
            FeatureMatchTerm term = new FeatureMatchTerm(View.TRAINED_NOISY, View.FROZEN_CLEAN, List.of("hidden1", "hidden2"),
                    Map.of("hidden2", connector));

            double expected = byHand(NOISY, CLEAN);
            // The wrong readings all give other values, so the equality below tells them apart.
            double studentOnClean = byHand(CLEAN, CLEAN);
            double teacherOnNoisy = byHand(NOISY, NOISY);
            double swapped = byHand(CLEAN, NOISY);
            for (double wrong : new double[] {studentOnClean, teacherOnNoisy, swapped}) {
                assertTrue(Math.abs(wrong - expected) > 1e-2, "the inputs must be far enough apart: " + wrong + " vs " + expected);
            }
            // Each tap contributes: dropping either changes the sum.
            double[][] s1 = layer(rows(NOISY), S_W1, S_B1, true);
            double[][] t1 = layer(rows(CLEAN), T_W1, T_B1, true);
            double hidden1Only = mse(s1, t1);
            assertTrue(hidden1Only > 1e-2 && expected - hidden1Only > 1e-2, hidden1Only + " of " + expected);

            try (NDManager batchManager = m.newSubManager()) {
                NDArray clean = batchManager.create(CLEAN, new Shape(2, 2));
                NDArray noisy = batchManager.create(NOISY, new Shape(2, 2));
                Batch batch = new Batch(batchManager, clean, noisy, batchManager.create(new long[] {0, 1}), null);
                StepView step = new StepView(batch, student, new ParameterStore(m, false), frozen, true);
                float value = term.compute(step).getFloat();
                assertEquals(expected, value, 1e-6, "student on noisy, teacher on clean, both taps summed, hidden2 connected");
                assertTrue(Math.abs(value - studentOnClean) > 1e-2, "the student was fed the clean input");

                // The same term reading the clean view for the student gives the clean value: the views decide.
                FeatureMatchTerm cleanStudent = new FeatureMatchTerm(View.TRAINED_CLEAN, View.FROZEN_CLEAN, List.of("hidden1", "hidden2"),
                        Map.of("hidden2", connector));
                StepView again = new StepView(batch, student, new ParameterStore(m, false), frozen, true);
                assertEquals(studentOnClean, cleanStudent.compute(again).getFloat(), 1e-6);
            }
        }
    }

    @Test
    void viewsOfTheTermAreTheTrainedAndTheFrozenOne() {
        FeatureMatchTerm term = new FeatureMatchTerm(View.TRAINED_NOISY, View.FROZEN_CLEAN, List.of("hidden1"));
        assertEquals(java.util.EnumSet.of(View.TRAINED_NOISY, View.FROZEN_CLEAN), term.views());
    }
}
