package kdlab.engine.objective;

import static kdlab.engine.objective.ParityFixtures.checkCase;
import static kdlab.engine.objective.ParityFixtures.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import kdlab.datasets.Batch;
import kdlab.engine.UsageException;
import kdlab.engine.objective.ParityFixtures.Agreement;
import kdlab.models.ModelSpec;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PKT against the values and student gradients {@code engine/src/test/python/pkt_reference.py} computes in float64
 * from RepDistiller's formulas, and its spec's defaults and errors.
 */
class PktParityTest {
    private static final String DIR = "/fixtures/terms/";
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/pkt_reference.py";

    @ParameterizedTest
    @ValueSource(strings = {"pkt_clustered", "pkt_two_taps", "pkt_near_uniform"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load(DIR, name, REGENERATE);
        assertEquals("pkt", f.get("term").asText());
        Agreement agreement = new Agreement();
        double total = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (JsonNode tap : f.get("taps")) {
                NDArray teacher = floats(m, tap.get("teacher"));
                checkCase(m, f, tap.get("student"), tap.get("value").asDouble(), tap.get("grad_student"),
                        s -> ProbabilisticTransferTerm.pkt(s, teacher), agreement, name + " " + tap.get("tap").asText());
                total += tap.get("value").asDouble();
            }
        }
        assertEquals(f.get("value").asDouble(), total, 1e-12 * Math.abs(total));
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    private static TappedBlock network(NDManager m, String spec, Shape in) {
        TappedBlock b = ModelSpec.parse(spec).build(10, true);
        b.initialize(m, DataType.FLOAT32, in);
        return b;
    }

    private static TermContext context(NDManager m, String student, String teacher, Shape in) {
        return new TermContext("pkt", network(m, student, in), network(m, teacher, in), in, true, false, m, 0, k -> k);
    }

    private static final Shape MLP_IN = new Shape(1, 1, 8, 8);

    @Test
    void defaultsToEachModelsPenultimateVector() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext mlp = context(m, "mlp:16,12", "mlp:32,32,24", MLP_IN);
            ProbabilisticTransferTerm.Spec spec = new ProbabilisticTransferTerm.Spec(null, null, null, null);
            assertEquals(new ProbabilisticTransferTerm.Spec(List.of("hidden2"), List.of("hidden3"), "noisy", "clean"), spec.resolve(mlp));
            ProbabilisticTransferTerm term = (ProbabilisticTransferTerm) spec.build(mlp);
            assertEquals(List.of("hidden2"), term.taps());
            assertEquals(List.of("hidden3"), term.teacherTaps());
            assertEquals(EnumSet.of(View.TRAINED_CLEAN, View.FROZEN_CLEAN), term.views(), "no noise: the clean views");
            TermContext cnn = context(m, "resnet8", "resnet14", new Shape(1, 1, 16, 16));
            assertEquals(List.of("pool"), ((ProbabilisticTransferTerm) spec.build(cnn)).teacherTaps());
        }
    }

    @Test
    void computeReadsTheNamedTapsOfBothViews() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(6, 1, 8, 8);
            TermContext c = context(m, "mlp:16,12", "mlp:32,24", in);
            LossTerm term = new ProbabilisticTransferTerm.Spec(List.of("hidden1", "hidden2"), List.of("hidden2", "hidden1"), null, null).build(c);
            NDArray x = m.randomNormal(in);
            Batch batch = new Batch(m.newSubManager(), x, x, m.arange(6L), null);
            FrozenModel teacher = new FrozenModel(c.teacher(), m);
            float computed = term.compute(new StepView(batch, c.student(), new ParameterStore(m, false), teacher, true)).getFloat();
            Features s = Features.from(c.student().forward(new ParameterStore(m, false), new NDList(x), true), c.student().tapNames());
            Features t = teacher.forward(x);
            float expected = ProbabilisticTransferTerm.pkt(s.tap("hidden1"), t.tap("hidden2")).getFloat()
                    + ProbabilisticTransferTerm.pkt(s.tap("hidden2"), t.tap("hidden1")).getFloat();
            assertEquals(expected, computed, 1e-6 * Math.abs(expected));
        }
    }

    @Test
    void unknownTapsAndUnpairedTapsAreOneLineErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "mlp:16,12", "mlp:32,24", MLP_IN);
            assertEquals("objective.pkt.taps: unknown tap 'pool'; the student has hidden1, hidden2", assertThrows(UsageException.class,
                    () -> new ProbabilisticTransferTerm.Spec(List.of("pool"), null, null, null).build(c)).getMessage());
            assertEquals("objective.pkt.teacher_taps: unknown tap 'hidden3'; the teacher has hidden1, hidden2", assertThrows(UsageException.class,
                    () -> new ProbabilisticTransferTerm.Spec(null, List.of("hidden3"), null, null).build(c)).getMessage());
            assertEquals("objective.pkt.teacher_taps: expected one teacher tap per student tap (2), found 1", assertThrows(UsageException.class,
                    () -> new ProbabilisticTransferTerm.Spec(List.of("hidden1", "hidden2"), List.of("hidden1"), null, null).build(c)).getMessage());
        }
    }

    @Test
    void batchesOfDifferentSizesAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ProbabilisticTransferTerm.pkt(m.ones(new Shape(4, 3)), m.ones(new Shape(5, 3))));
            assertEquals("probabilistic knowledge transfer: student (4, 3) and teacher (5, 3) must be [N, ...] with the same batch size N", e.getMessage());
        }
    }

    @Test
    void anAllZeroRowHasAFiniteGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(new float[] {0, 0, 1, 2, -1, 0.5f}, new Shape(3, 2));
            s.setRequiresGradient(true);
            try (var c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                c.backward(ProbabilisticTransferTerm.pkt(s, m.create(new float[] {1, 0, 0, 1, -1, -1}, new Shape(3, 2))));
            }
            for (float g : s.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "gradient " + g);
            }
        }
    }
}
