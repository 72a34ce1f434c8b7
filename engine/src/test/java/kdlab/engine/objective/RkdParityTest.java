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
 * RKD against the values and student gradients {@code engine/src/test/python/rkd_reference.py} computes in float64
 * from RepDistiller's formulas, and its spec's defaults and errors.
 */
class RkdParityTest {
    private static final String DIR = "/fixtures/terms/";
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/rkd_reference.py";

    @ParameterizedTest
    @ValueSource(strings = {"rkd_default", "rkd_outlier_w1_2"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load(DIR, name, REGENERATE);
        assertEquals("rkd", f.get("term").asText());
        Agreement agreement = new Agreement();
        double wd = f.get("distance_weight").asDouble();
        double wa = f.get("angle_weight").asDouble();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = floats(m, f.get("teacher"));
            checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                    s -> RelationalTerm.rkd(s, teacher, wd, wa), agreement, name);
            NDArray student = floats(m, f.get("student"));
            agreement.check(new double[] {f.get("distance").asDouble(), f.get("angle").asDouble()},
                    new float[] {RelationalTerm.distanceLoss(student, teacher).getFloat(), RelationalTerm.angleLoss(student, teacher).getFloat()},
                    name + " parts");
        }
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    private static TappedBlock network(NDManager m, String spec, Shape in) {
        TappedBlock b = ModelSpec.parse(spec).build(10, true);
        b.initialize(m, DataType.FLOAT32, in);
        return b;
    }

    private static TermContext context(NDManager m, String student, String teacher, Shape in) {
        return new TermContext("rkd", network(m, student, in), network(m, teacher, in), in, true, false, m, 0, k -> k);
    }

    @Test
    void defaultsAreRepDistillersWeightsOnThePenultimateVectors() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "mlp:16,12", "mlp:32,32,24", new Shape(1, 1, 8, 8));
            RelationalTerm.Spec spec = new RelationalTerm.Spec(null, null, null, null, null, null);
            assertEquals(new RelationalTerm.Spec(List.of("hidden2"), List.of("hidden3"), 25.0, 50.0, "noisy", "clean"), spec.resolve(c));
            RelationalTerm term = (RelationalTerm) spec.build(c);
            assertEquals(List.of("hidden2"), term.taps());
            assertEquals(List.of("hidden3"), term.teacherTaps());
            TermContext cnn = context(m, "resnet8", "resnet14", new Shape(1, 1, 16, 16));
            assertEquals(List.of("pool"), ((RelationalTerm) spec.build(cnn)).taps());
        }
    }

    @Test
    void computeSumsTheWeightedPartsOverThePairs() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(5, 1, 8, 8);
            TermContext c = context(m, "mlp:16,12", "mlp:32,24", in);
            LossTerm term = new RelationalTerm.Spec(List.of("hidden1", "hidden2"), List.of("hidden2", "hidden1"), 2.0, 3.0, null, null).build(c);
            NDArray x = m.randomNormal(in);
            Batch batch = new Batch(m.newSubManager(), x, x, m.arange(5L), null);
            FrozenModel teacher = new FrozenModel(c.teacher(), m);
            float computed = term.compute(new StepView(batch, c.student(), new ParameterStore(m, false), teacher, true)).getFloat();
            Features s = Features.from(c.student().forward(new ParameterStore(m, false), new NDList(x), true), c.student().tapNames());
            Features t = teacher.forward(x);
            float expected = RelationalTerm.rkd(s.tap("hidden1"), t.tap("hidden2"), 2, 3).getFloat() + RelationalTerm.rkd(s.tap("hidden2"), t.tap("hidden1"), 2, 3).getFloat();
            assertEquals(expected, computed, 1e-6 * Math.abs(expected));
            assertEquals(0f, RelationalTerm.rkd(m.ones(new Shape(1, 3)), m.ones(new Shape(1, 4)), 25, 50).getFloat(), "one example: no pairs");
        }
    }

    @Test
    void featureMapsUnknownTapsAndBadWeightsAreOneLineErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "resnet8", "resnet8", new Shape(1, 1, 16, 16));
            assertEquals("objective.rkd.taps: student tap stage3 (1, 64, 4, 4) and teacher tap pool (1, 64): relational knowledge distillation needs "
                    + "vectors [D] (pool or a hidden layer), not feature maps", assertThrows(UsageException.class,
                            () -> new RelationalTerm.Spec(List.of("stage3"), List.of("pool"), null, null, null, null).build(c)).getMessage());
            assertTrue(assertThrows(UsageException.class, () -> new RelationalTerm.Spec(List.of("hidden1"), null, null, null, null, null).build(c))
                    .getMessage().startsWith("objective.rkd.taps: unknown tap 'hidden1'; the student has stem, "));
            assertEquals("objective.rkd.angle_weight: expected a finite weight >= 0, found -1.0", assertThrows(UsageException.class,
                    () -> new RelationalTerm.Spec(null, null, null, -1.0, null, null).build(c)).getMessage());
            assertEquals("relational knowledge distillation: student (4, 2, 2) and teacher (4, 3) must be vectors [N, D] with the same batch size N",
                    assertThrows(IllegalArgumentException.class, () -> RelationalTerm.rkd(m.ones(new Shape(4, 2, 2)), m.ones(new Shape(4, 3)), 1, 1))
                            .getMessage());
        }
    }
}
