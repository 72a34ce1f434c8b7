package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
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
 * The ab term against PyTorch ({@code engine/src/test/python/ab_reference.py}): value and gradients w.r.t. every
 * student map and every connector's conv weight and batch-norm weight and bias, through the term's own connector
 * blocks in training mode; and the spec's errors before the first batch.
 */
class ActivationBoundaryParityTest {
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/ab_reference.py";

    @ParameterizedTest
    @ValueSource(strings = {"ab_two_pairs", "ab_three_pairs_margin2"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load("/fixtures/terms/", name, REGENERATE);
        assertEquals("ab", f.get("term").asText());
        ParityFixtures.Agreement agreement = new ParityFixtures.Agreement();
        float margin = (float) f.get("margin").asDouble();
        try (NDManager m = NDManager.newBaseManager()) {
            List<ParityFixtures.Trained> students = new ArrayList<>();
            List<NDArray> teachers = new ArrayList<>();
            List<PartParity.Part> parts = new ArrayList<>();
            int i = 0;
            for (JsonNode pair : f.get("pairs")) {
                students.add(new ParityFixtures.Trained("student's map " + i, pair.get("student"), pair.get("grad_student")));
                NDArray t = ParityFixtures.floats(m, pair.get("teacher"));
                teachers.add(t);
                Shape s = ParityFixtures.shape(pair.get("student"));
                parts.add(new PartParity.Part(ActivationBoundaryTerm.connector("map" + i, s, t.getShape()), s, pair.get("params")));
                i++;
            }
            PartParity.load(m, parts);
            ParameterStore store = PartParity.store(m);
            float[] perPair = new float[parts.size()];
            PartParity.check(m, students, f.get("value").asDouble(), parts, in -> {
                List<NDArray> sources = new ArrayList<>();
                for (int k = 0; k < in.size(); k++) {
                    sources.add(parts.get(k).block().forward(store, new NDList(in.get(k)), true).singletonOrThrow());
                    perPair[k] = ActivationBoundaryTerm.ab(List.of(sources.get(k)), List.of(teachers.get(k)), margin).getFloat()
                            * (float) Math.pow(2, k - in.size() + 1);
                }
                return ActivationBoundaryTerm.ab(sources, teachers, margin);
            }, agreement, name);
            double[] expected = new double[perPair.length];
            for (int k = 0; k < expected.length; k++) {
                expected[k] = f.get("pairs").get(k).get("value").asDouble();
            }
            agreement.check(expected, perPair, name + " per-pair values (layer weights 2^(i-n+1))");
        }
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    private static TermContext context(NDManager m, String student, String teacher) {
        Shape in = new Shape(1, 1, 32, 32);
        TappedBlock s = ModelSpec.parse(student).build(10, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse(teacher).build(10, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("ab", s, t, in, true, false, m, 0, k -> k);
    }

    @Test
    void eachPairGetsAConnectorToTheTeachersChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            LossTerm term = new ActivationBoundaryTerm.Spec(List.of("stage1_pre", "stage2_pre", "stage3_pre"), null, null, null, null)
                    .build(context(m, "resnet8", "resnet32x4"));
            assertEquals(List.of("connector_stage1_pre", "connector_stage2_pre", "connector_stage3_pre"), List.copyOf(term.parts().keySet()));
            Block c = term.parts().get("connector_stage3_pre");
            assertEquals(new Shape(2, 256, 8, 8), c.getOutputShapes(new Shape[] {new Shape(2, 64, 8, 8)})[0]);
        }
    }

    @Test
    void badSpecsAreOneLineBeforeTheFirstBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "resnet8", "resnet8");
            assertEquals("objective.ab.taps: student tap stage2_pre (1, 32, 16, 16) and teacher tap stage3_pre (1, 64, 8, 8): activation-boundary "
                    + "distillation needs feature maps [C, H, W] of the same spatial size H x W (a 1x1 connector joins them)",
                    assertThrows(UsageException.class, () -> new ActivationBoundaryTerm.Spec(List.of("stage2_pre"), List.of("stage3_pre"), null, null, null)
                            .build(c)).getMessage());
            assertEquals("objective.ab.taps: student tap pool (1, 64) and teacher tap pool (1, 64): activation-boundary "
                    + "distillation needs feature maps [C, H, W] of the same spatial size H x W (a 1x1 connector joins them)",
                    assertThrows(UsageException.class, () -> new ActivationBoundaryTerm.Spec(List.of("pool"), null, null, null, null).build(c)).getMessage());
            assertTrue(assertThrows(UsageException.class, () -> new ActivationBoundaryTerm.Spec(List.of("stage4_pre"), null, null, null, null).build(c))
                    .getMessage().startsWith("objective.ab.taps: unknown tap 'stage4_pre'; the student has stem, stage1_pre, "));
            assertTrue(assertThrows(UsageException.class, () -> new ActivationBoundaryTerm.Spec(null, null, null, null, null).build(c))
                    .getMessage().startsWith("objective.ab.taps: required: the student's pre-activation maps, shallowest first; the student has stem, "));
            assertEquals("objective.ab.margin: expected a finite margin of 0 or more, found -1.0", assertThrows(UsageException.class,
                    () -> new ActivationBoundaryTerm.Spec(List.of("stage1_pre"), null, -1.0, null, null).build(c)).getMessage());
            assertEquals("objective.ab.taps: expected each student tap at most once (each has its own connector), found [stage1_pre, stage1_pre]",
                    assertThrows(UsageException.class, () -> new ActivationBoundaryTerm.Spec(List.of("stage1_pre", "stage1_pre"), null, null, null, null)
                            .build(c)).getMessage());
        }
    }
}
