package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/** DKD's spec: defaults written out, and two classes rejected before any batch instead of a NaN or a silent 0. */
class DecoupledKdSpecTest {
    private static TermContext context(NDManager m, int classes) {
        Shape in = new Shape(1, 6);
        TappedBlock s = ModelSpec.parse("mlp:8").build(classes, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse("mlp:16").build(classes, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("dkd", s, t, in, true, false, m, 0, k -> k);
    }

    @Test
    void defaultsAreMdistillersCifarSettings() {
        assertEquals(new DecoupledKdTerm.Spec(1.0, 8.0, 4.0, "noisy", "clean"), new DecoupledKdTerm.Spec(null, null, null, null, null).withDefaults());
    }

    @Test
    void threeClassesBuild() {
        try (NDManager m = NDManager.newBaseManager()) {
            LossTerm term = new DecoupledKdTerm.Spec(null, null, null, null, null).build(context(m, 3));
            assertEquals("dkd", term.name());
        }
    }

    @Test
    void twoClassesAreRejectedNamingTheTerm() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, 2);
            UsageException e = assertThrows(UsageException.class, () -> new DecoupledKdTerm.Spec(null, null, null, null, null).build(c));
            assertTrue(e.getMessage().startsWith("objective.dkd: DKD needs at least 3 classes; found 2"), e.getMessage());
        }
    }

    /** A near-one-hot prediction (1 − p_target below float32's resolution) keeps a finite value and gradient. */
    @Test
    void aConfidentPredictionStaysFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(new float[] {200, 0, -3, 0, 1, 150}, new Shape(2, 3));
            s.setRequiresGradient(true);
            NDArray t = m.create(new float[] {180, 2, 1, -1, 0, 120}, new Shape(2, 3));
            NDArray y = m.create(new long[] {0, 2});
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray loss = DecoupledKdTerm.dkd(s, t, y, 1, 8, 1);
                assertTrue(Float.isFinite(loss.getFloat()), "loss " + loss.getFloat());
                c.backward(loss);
            }
            for (float g : s.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "gradient " + g);
            }
        }
    }
}
