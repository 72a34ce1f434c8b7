package kdlab.engine.objective;

import static kdlab.engine.objective.ParityFixtures.checkCase;
import static kdlab.engine.objective.ParityFixtures.floats;
import static kdlab.engine.objective.ParityFixtures.longs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import kdlab.engine.UsageException;
import kdlab.engine.objective.ParityFixtures.Agreement;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pi_mse against the values and student gradients {@code engine/src/test/python/pi_mse_reference.py} computes with
 * torch's F.one_hot, F.softmax and F.mse_loss, and its spec's defaults and errors.
 */
class PiMseParityTest {
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/pi_mse_reference.py";

    @ParameterizedTest
    @ValueSource(strings = {"pi_mse_k2_a0_25", "pi_mse_k5_a0_8", "pi_mse_k3_a1"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load("/fixtures/terms/", name, REGENERATE);
        assertEquals("pi_mse", f.get("term").asText());
        Agreement agreement = new Agreement();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = floats(m, f.get("teacher"));
            NDArray labels = longs(m, f.get("labels"));
            double alpha = f.get("alpha").asDouble();
            checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                    s -> PrivilegedInformationSquaredTerm.loss(s, teacher, labels, alpha), agreement, name);
        }
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    /** The loss is mean((f − z)²) plus a constant, z = (1 − α)·e_y + α·softmax(t): its gradient is 2(f − z)/(NK). */
    @Test
    void gradientPointsAtTheConvexTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(new float[] {0.2f, -0.1f, 1.5f, 0.3f}, new Shape(2, 2));
            NDArray t = m.create(new float[] {1f, -1f, 0f, 2f}, new Shape(2, 2));
            NDArray y = m.create(new long[] {1, 0});
            s.setRequiresGradient(true);
            try (var c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                c.backward(PrivilegedInformationSquaredTerm.loss(s, t, y, 0.25));
            }
            float[] p = t.softmax(1).toFloatArray();
            float[] oneHot = {0, 1, 1, 0};
            float[] sv = s.toFloatArray();
            float[] g = s.getGradient().toFloatArray();
            for (int i = 0; i < 4; i++) {
                double z = 0.75 * oneHot[i] + 0.25 * p[i];
                assertEquals(2 * (sv[i] - z) / 4, g[i], 1e-6, "element " + i);
            }
        }
    }

    private static TermContext context(NDManager m, boolean classification) {
        Shape in = new Shape(1, 1, 4, 4);
        TappedBlock s = ModelSpec.parse("ntk:8").build(3, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse("mlp:8").build(3, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("pi_mse", s, t, in, classification, false, m, 0, k -> k);
    }

    @Test
    void defaultsAreWrittenOut() {
        try (NDManager m = NDManager.newBaseManager()) {
            PrivilegedInformationSquaredTerm.Spec spec = new PrivilegedInformationSquaredTerm.Spec(null, null, null);
            assertEquals(new PrivilegedInformationSquaredTerm.Spec(0.5, "noisy", "clean"), spec.resolve(context(m, true)));
            assertEquals(0.5, ((PrivilegedInformationSquaredTerm) spec.build(context(m, true))).alpha());
            assertEquals("pi_mse", TermRegistry.typeOf(spec));
        }
    }

    @Test
    void regressionTargetsAndAnAlphaOutsideTheUnitIntervalAreOneLineErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals("objective.pi_mse.alpha: expected a number in [0, 1], found 1.5", assertThrows(UsageException.class,
                    () -> new PrivilegedInformationSquaredTerm.Spec(1.5, null, null).build(context(m, true))).getMessage());
            assertEquals("objective.pi_mse: pi_mse needs class labels (it fits one-hot labels), but the data has regression targets; "
                    + "use type: pi, whose regression form is already the squared error", assertThrows(UsageException.class,
                    () -> new PrivilegedInformationSquaredTerm.Spec(null, null, null).build(context(m, false))).getMessage());
        }
    }
}
