package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The loss terms' mathematics against hand computations on tiny tensors. */
class LossTermsTest {
    @Test
    void featureMatchValueAndGradientMatchHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] s = {1f, 2f, 3f, -1f, 0.5f, 4f};
            float[] t = {0f, 2f, 1f, 1f, 0.5f, 1f};
            NDArray student = m.create(s, new Shape(2, 3));
            NDArray teacher = m.create(t, new Shape(2, 3));
            student.setRequiresGradient(true);
            double expected = 0;
            for (int i = 0; i < 6; i++) {
                expected += (s[i] - t[i]) * (s[i] - t[i]);
            }
            expected /= 6; // (1 + 0 + 4 + 4 + 0 + 9) / 6 = 3
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = FeatureMatchTerm.meanSquaredDifference(student, teacher);
                assertEquals(3.0, expected, 0);
                assertEquals(expected, loss.getFloat(), 1e-6);
                gc.backward(loss);
            }
            float[] grad = student.getGradient().toFloatArray();
            float[] want = new float[6];
            for (int i = 0; i < 6; i++) {
                want[i] = 2f * (s[i] - t[i]) / 6f;
            }
            assertArrayEquals(want, grad, 1e-6f);
        }
    }

    @Test
    void featureMatchRejectsDifferentShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FeatureMatchTerm.meanSquaredDifference(m.zeros(new Shape(2, 3)), m.zeros(new Shape(2, 4))));
            assertEquals("feature match: student tap shape (2, 3) differs from teacher's (2, 4)", e.getMessage());
        }
    }

    @Test
    void crossEntropyMatchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] logits = {{1f, 2f, 0.5f}, {0f, -1f, 3f}};
            long[] labels = {1, 0};
            double expected = 0;
            for (int i = 0; i < 2; i++) {
                double z = 0;
                for (float v : logits[i]) {
                    z += Math.exp(v);
                }
                expected += -(logits[i][(int) labels[i]] - Math.log(z));
            }
            expected /= 2;
            NDArray ce = CrossEntropyTerm.crossEntropy(m.create(logits), m.create(labels));
            assertEquals(expected, ce.getFloat(), 1e-5);
        }
    }

    @Test
    void squaredErrorIsTheElementMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray y = m.create(new float[] {0, 2, 5, 4}, new Shape(2, 2));
            assertEquals((1 + 0 + 4 + 0) / 4.0, SquaredErrorTerm.meanSquaredError(p, y).getFloat(), 1e-6);
        }
    }

    @Test
    void weightedTermRejectsNegativeWeights() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WeightedTerm(new CrossEntropyTerm(View.TRAINED_CLEAN), -1));
        assertEquals("weight of ce: expected a finite number >= 0, found -1.0", e.getMessage());
    }
}
