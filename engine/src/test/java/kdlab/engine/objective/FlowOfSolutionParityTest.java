package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fsp term against PyTorch ({@code engine/src/test/python/fsp_reference.py}): value, each consecutive pair's
 * value and the gradient w.r.t. every student tap, with maps pooled either way; and the spec's errors before the
 * first batch.
 */
class FlowOfSolutionParityTest {
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/fsp_reference.py";

    @ParameterizedTest
    @ValueSource(strings = {"fsp_three_taps_pooled", "fsp_two_taps"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load("/fixtures/terms/", name, REGENERATE);
        assertEquals("fsp", f.get("term").asText());
        ParityFixtures.Agreement agreement = new ParityFixtures.Agreement();
        try (NDManager m = NDManager.newBaseManager()) {
            List<ParityFixtures.Trained> students = new ArrayList<>();
            List<NDArray> teachers = new ArrayList<>();
            int i = 0;
            for (JsonNode tap : f.get("taps")) {
                students.add(new ParityFixtures.Trained("student's tap " + i++, tap.get("student"), tap.get("grad_student")));
                teachers.add(ParityFixtures.floats(m, tap.get("teacher")));
            }
            float[] perPair = new float[f.get("pair_values").size()];
            ParityFixtures.checkCase(m, f.get("value").asDouble(), students, s -> {
                for (int k = 0; k < perPair.length; k++) {
                    perPair[k] = FlowOfSolutionTerm.fsp(s.subList(k, k + 2), teachers.subList(k, k + 2)).getFloat();
                }
                return FlowOfSolutionTerm.fsp(s, teachers);
            }, agreement, name);
            agreement.check(ParityFixtures.values(f.get("pair_values")), perPair, name + " per-pair values");
        }
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    private static TermContext context(NDManager m, String student, String teacher) {
        Shape in = new Shape(1, 1, 32, 32);
        TappedBlock s = ModelSpec.parse(student).build(10, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse(teacher).build(10, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("fsp", s, t, in, true, false, m, 0, k -> k);
    }

    @Test
    void theShippedPairBuilds() {
        try (NDManager m = NDManager.newBaseManager()) {
            FlowOfSolutionTerm term = (FlowOfSolutionTerm) new FlowOfSolutionTerm.Spec(List.of("stem", "stage1", "stage2", "stage3"), null, null, null)
                    .build(context(m, "resnet8", "resnet20"));
            assertEquals(List.of("stem", "stage1", "stage2", "stage3"), term.taps());
            assertTrue(term.parts().isEmpty());
        }
    }

    @Test
    void badSpecsAreOneLineBeforeTheFirstBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext wide = context(m, "resnet8", "wrn_16_2");
            assertEquals("objective.fsp.taps: student tap stage1 (1, 16, 32, 32) and teacher tap stage1 (1, 32, 32, 32): the FSP matrices need the same "
                    + "channels in the student's and the teacher's tap, found 16 and 32", assertThrows(UsageException.class,
                    () -> new FlowOfSolutionTerm.Spec(List.of("stem", "stage1"), null, null, null).build(wide)).getMessage());
            TermContext c = context(m, "resnet8", "resnet8");
            assertEquals("objective.fsp.taps: expected at least two taps (the matrices join consecutive ones), found [stage1]",
                    assertThrows(UsageException.class, () -> new FlowOfSolutionTerm.Spec(List.of("stage1"), null, null, null).build(c)).getMessage());
            assertEquals("objective.fsp.taps: student tap pool (1, 64) and teacher tap pool (1, 64): the flow of solution procedure needs feature maps [C, H, W]",
                    assertThrows(UsageException.class, () -> new FlowOfSolutionTerm.Spec(List.of("stage3", "pool"), null, null, null).build(c)).getMessage());
            assertTrue(assertThrows(UsageException.class, () -> new FlowOfSolutionTerm.Spec(List.of("stem", "stage4"), null, null, null).build(c))
                    .getMessage().startsWith("objective.fsp.taps: unknown tap 'stage4'; the student has stem, "));
        }
    }

    @Test
    void consecutiveMapsThatCannotBePooledAreRefused() {
        assertEquals("the larger spatial size must be a whole multiple of the smaller (the same for H and W) to be average-pooled to it",
                FeatureMaps.poolingProblem(new Shape(1, 8, 6, 6), new Shape(1, 8, 4, 4)));
    }
}
