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
 * NST against the values and student gradients {@code engine/src/test/python/nst_reference.py} computes in float64
 * from RepDistiller's formulas, and its spec's errors.
 */
class NstParityTest {
    private static final String DIR = "/fixtures/terms/";
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/nst_reference.py";

    @ParameterizedTest
    @ValueSource(strings = {"nst_one_tap", "nst_two_taps_relu"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load(DIR, name, REGENERATE);
        assertEquals("nst", f.get("term").asText());
        Agreement agreement = new Agreement();
        double total = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (JsonNode tap : f.get("taps")) {
                NDArray teacher = floats(m, tap.get("teacher"));
                checkCase(m, f, tap.get("student"), tap.get("value").asDouble(), tap.get("grad_student"),
                        s -> NeuronSelectivityTerm.nst(s, teacher), agreement, name + " " + tap.get("tap").asText());
                total += tap.get("value").asDouble();
            }
        }
        assertEquals(f.get("value").asDouble(), total, 1e-12 * Math.abs(total));
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    private static TermContext context(NDManager m, String student, String teacher, Shape in) {
        TappedBlock s = ModelSpec.parse(student).build(10, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse(teacher).build(10, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("nst", s, t, in, true, false, m, 0, k -> k);
    }

    @Test
    void computeSumsTheStagesOfNetworksOfDifferentWidths() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 1, 16, 16);
            TermContext c = context(m, "resnet8", "wrn_16_2", in);
            NeuronSelectivityTerm term = (NeuronSelectivityTerm) new NeuronSelectivityTerm.Spec(List.of("stage1", "stage2"), null, null, null).build(c);
            assertEquals(List.of("stage1", "stage2"), term.taps());
            NDArray x = m.randomNormal(in);
            Batch batch = new Batch(m.newSubManager(), x, x, m.arange(2L), null);
            FrozenModel teacher = new FrozenModel(c.teacher(), m);
            float computed = term.compute(new StepView(batch, c.student(), new ParameterStore(m, false), teacher, true)).getFloat();
            Features s = Features.from(c.student().forward(new ParameterStore(m, false), new NDList(x), true), c.student().tapNames());
            Features t = teacher.forward(x);
            assertTrue(s.tap("stage1").getShape().get(1) != t.tap("stage1").getShape().get(1), "the widths should differ");
            float expected = NeuronSelectivityTerm.nst(s.tap("stage1"), t.tap("stage1")).getFloat()
                    + NeuronSelectivityTerm.nst(s.tap("stage2"), t.tap("stage2")).getFloat();
            assertEquals(expected, computed, 1e-6 * Math.abs(expected));
        }
    }

    @Test
    void vectorsAndMapsOfDifferentSizesAreOneLineErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "resnet8", "resnet8", new Shape(1, 1, 16, 16));
            assertEquals("objective.nst.taps: student tap pool (1, 64) and teacher tap pool (1, 64): neuron selectivity transfer needs feature maps "
                    + "[C, H, W]", assertThrows(UsageException.class, () -> new NeuronSelectivityTerm.Spec(List.of("pool"), null, null, null).build(c))
                            .getMessage());
            assertEquals("objective.nst.taps: student tap stage2 (1, 32, 8, 8) and teacher tap stage3 (1, 64, 4, 4): neuron selectivity transfer needs "
                    + "the same spatial size H x W (RepDistiller's pooling of the larger map is not done); pair taps of equal size",
                    assertThrows(UsageException.class, () -> new NeuronSelectivityTerm.Spec(List.of("stage2"), List.of("stage3"), null, null).build(c))
                            .getMessage());
            assertTrue(assertThrows(UsageException.class, () -> new NeuronSelectivityTerm.Spec(null, null, null, null).build(c))
                    .getMessage().startsWith("objective.nst.taps: required: the student's feature-map taps"));
            assertTrue(assertThrows(UsageException.class, () -> new NeuronSelectivityTerm.Spec(List.of("stage4"), null, null, null).build(c))
                    .getMessage().startsWith("objective.nst.taps: unknown tap 'stage4'; the student has stem, "));
            assertEquals("neuron selectivity transfer: student (2, 3, 4, 4), teacher (2, 3, 2, 2): batch and spatial sizes (N, H, W) must agree; "
                    + "only the channels may differ", assertThrows(IllegalArgumentException.class,
                            () -> NeuronSelectivityTerm.nst(m.ones(new Shape(2, 3, 4, 4)), m.ones(new Shape(2, 3, 2, 2)))).getMessage());
        }
    }
}
