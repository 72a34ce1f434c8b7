package kdlab.engine.objective;

import static kdlab.engine.objective.ParityFixtures.checkCase;
import static kdlab.engine.objective.ParityFixtures.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import kdlab.datasets.Batch;
import kdlab.engine.UsageException;
import kdlab.engine.objective.ParityFixtures.Agreement;
import kdlab.engine.objective.ParityFixtures.Trained;
import kdlab.models.ModelSpec;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CC against the value and the gradients (student features, both embedding heads' weights and biases) that
 * {@code engine/src/test/python/cc_reference.py} computes in float64 from torchdistill's CCKD formulas, and its
 * spec's defaults, parts and errors.
 */
class CcParityTest {
    private static final String DIR = "/fixtures/terms/";
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/cc_reference.py";

    /** A linear head, {@code x Wᵀ + b}. */
    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.matMul(w.transpose()).add(b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cc_g0_4_p2", "cc_g0_2_p4"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load(DIR, name, REGENERATE);
        assertEquals("cc", f.get("term").asText());
        Agreement agreement = new Agreement();
        double gamma = f.get("gamma").asDouble();
        int order = f.get("order").asInt();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = floats(m, f.get("teacher"));
            List<Trained> trained = List.of(new Trained("student", f.get("student"), f.get("grad_student")),
                    new Trained("student head's weight", f.get("student_weight"), f.get("grad_student_weight")),
                    new Trained("student head's bias", f.get("student_bias"), f.get("grad_student_bias")),
                    new Trained("teacher head's weight", f.get("teacher_weight"), f.get("grad_teacher_weight")),
                    new Trained("teacher head's bias", f.get("teacher_bias"), f.get("grad_teacher_bias")));
            checkCase(m, f.get("value").asDouble(), trained, in -> CorrelationCongruenceTerm.cc(linear(in.get(0), in.get(1), in.get(2)),
                    linear(teacher, in.get(3), in.get(4)), gamma, order), agreement, name);
        }
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    private static TermContext context(NDManager m, String student, String teacher, Shape in) {
        TappedBlock s = ModelSpec.parse(student).build(10, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse(teacher).build(10, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("cc", s, t, in, true, false, m, 0, k -> k);
    }

    private static Shape weightShape(Block b) {
        return b.getParameters().get("weight").getArray().getShape();
    }

    @Test
    void headsOnThePenultimateVectorsAreItsTrainedParts() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(5, 1, 8, 8);
            TermContext c = context(m, "mlp:16,12", "mlp:32,24", in);
            CorrelationCongruenceTerm.Spec spec = new CorrelationCongruenceTerm.Spec(null, null, null, null, null, null, null);
            assertEquals(new CorrelationCongruenceTerm.Spec("hidden2", "hidden2", 128, 0.4, 2, "noisy", "clean"), spec.resolve(c));
            CorrelationCongruenceTerm term = (CorrelationCongruenceTerm) new CorrelationCongruenceTerm.Spec(null, "hidden1", 8, 0.3, 3, null, null).build(c);
            assertEquals(List.of("student_embed", "teacher_embed"), List.copyOf(term.parts().keySet()));
            assertEquals(new Shape(8, 12), weightShape(term.parts().get("student_embed")));
            assertEquals(new Shape(8, 32), weightShape(term.parts().get("teacher_embed")));

            NDArray x = m.randomNormal(in);
            Batch batch = new Batch(m.newSubManager(), x, x, m.arange(5L), null);
            FrozenModel teacher = new FrozenModel(c.teacher(), m);
            ParameterStore store = new ParameterStore(m, false);
            float computed = term.compute(new StepView(batch, c.student(), store, teacher, true)).getFloat();
            Features s = Features.from(c.student().forward(store, new NDList(x), true), c.student().tapNames());
            Features t = teacher.forward(x);
            NDArray es = term.parts().get("student_embed").forward(store, new NDList(s.tap("hidden2")), true).singletonOrThrow();
            NDArray et = term.parts().get("teacher_embed").forward(store, new NDList(t.tap("hidden1")), true).singletonOrThrow();
            float expected = CorrelationCongruenceTerm.cc(es, et, 0.3, 3).getFloat();
            assertEquals(expected, computed, 1e-6 * Math.abs(expected));
        }
    }

    @Test
    void badKernelsWidthsAndTapsAreOneLineErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "mlp:16,12", "mlp:32,24", new Shape(1, 1, 8, 8));
            assertEquals("objective.cc.order: expected the Taylor expansion's highest power, at least 1, found 0", assertThrows(UsageException.class,
                    () -> new CorrelationCongruenceTerm.Spec(null, null, null, null, 0, null, null).build(c)).getMessage());
            assertEquals("objective.cc.gamma: expected the Gaussian kernel's gamma, finite and > 0, found -0.5", assertThrows(UsageException.class,
                    () -> new CorrelationCongruenceTerm.Spec(null, null, null, -0.5, null, null, null).build(c)).getMessage());
            assertEquals("objective.cc.embed_dim: expected the embedding heads' width, at least 1, found 0", assertThrows(UsageException.class,
                    () -> new CorrelationCongruenceTerm.Spec(null, null, 0, null, null, null, null).build(c)).getMessage());
            assertEquals("objective.cc.teacher_tap: unknown tap 'pool'; the teacher has hidden1, hidden2", assertThrows(UsageException.class,
                    () -> new CorrelationCongruenceTerm.Spec(null, "pool", null, null, null, null, null).build(c)).getMessage());
            assertEquals("objective.cc.student_tap: unknown tap 'hidden3'; the student has hidden1, hidden2", assertThrows(UsageException.class,
                    () -> new CorrelationCongruenceTerm.Spec("hidden3", null, null, null, null, null, null).build(c)).getMessage());
            assertEquals("correlation congruence: student (4, 3) and teacher (5, 3) must be embeddings [N, d] with the same batch size N",
                    assertThrows(IllegalArgumentException.class,
                            () -> CorrelationCongruenceTerm.cc(m.ones(new Shape(4, 3)), m.ones(new Shape(5, 3)), 0.4, 2)).getMessage());
        }
    }
}
