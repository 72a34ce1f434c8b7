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
import java.util.List;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The vid term against PyTorch ({@code engine/src/test/python/vid_reference.py}): value and gradients w.r.t. the
 * student's feature, the regressor's weights and the log-scales, on the term's own regressor and log-scale
 * blocks, with either side pooled; and the spec's errors before the first batch.
 */
class VariationalInformationParityTest {
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/vid_reference.py";

    @ParameterizedTest
    @ValueSource(strings = {"vid_conv_pooled", "vid_conv_teacher_pooled", "vid_linear"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load("/fixtures/terms/", name, REGENERATE);
        assertEquals("vid", f.get("term").asText());
        ParityFixtures.Agreement agreement = new ParityFixtures.Agreement();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = ParityFixtures.floats(m, f.get("teacher"));
            Shape studentShape = ParityFixtures.shape(f.get("student"));
            Shape input = FeatureMaps.matchedShape(studentShape, teacher.getShape());
            JsonNode params = f.get("params");
            Block regressor = VariationalInformationTerm.regressor(input, teacher.getShape());
            Block logScale = VariationalInformationTerm.logScale(teacher.getShape().get(1), 5.0);
            com.fasterxml.jackson.databind.node.ArrayNode weights = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
            for (int i = 0; i < params.size() - 1; i++) {
                weights.add(params.get(i));
            }
            List<PartParity.Part> parts = List.of(new PartParity.Part(regressor, input, weights),
                    new PartParity.Part(logScale, input, new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().add(params.get(params.size() - 1))));
            PartParity.load(m, parts);
            ParameterStore store = PartParity.store(m);
            PartParity.check(m, f.get("student"), f.get("grad_student"), f.get("value").asDouble(), parts, s -> {
                NDArray[] matched = FeatureMaps.matchSpatial(s, teacher);
                NDArray mean = regressor.forward(store, new NDList(matched[0]), true).singletonOrThrow();
                NDArray alpha = logScale.forward(store, new NDList(matched[0]), true).singletonOrThrow();
                return VariationalInformationTerm.vid(mean, matched[1], alpha);
            }, agreement, name);
        }
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    @Test
    void theLogScaleStartsAtTheInitialVariance() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = VariationalInformationTerm.logScale(3, 5.0);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            NDArray alpha = b.forward(PartParity.store(m), new NDList(m.zeros(new Shape(1, 2))), false).singletonOrThrow();
            float variance = alpha.exp().add(1f).log().add(1e-5f).toFloatArray()[2];
            assertEquals(5.0, variance, 1e-5);
        }
    }

    private static TermContext context(NDManager m, String student, String teacher, Shape in) {
        TappedBlock s = ModelSpec.parse(student).build(10, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse(teacher).build(10, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("vid", s, t, in, true, false, m, 0, k -> k);
    }

    @Test
    void eachPairGetsARegressorAndLogScalesShapedForIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "resnet8", "resnet20", new Shape(1, 1, 32, 32));
            LossTerm term = new VariationalInformationTerm.Spec(List.of("stage1", "stage2"), List.of("stage2", "stage2"), null, null, null).build(c);
            assertEquals(List.of("regressor_stage1", "log_scale_stage1", "regressor_stage2", "log_scale_stage2"), List.copyOf(term.parts().keySet()));
            // stage1 (16 x 32 x 32) is pooled to the teacher's stage2 (32 x 16 x 16) before its regressor.
            Block r = term.parts().get("regressor_stage1");
            assertEquals(new Shape(1, 32, 16, 16), r.getOutputShapes(new Shape[] {new Shape(1, 16, 16, 16)})[0]);
            assertEquals(new Shape(32), term.parts().get("log_scale_stage1").getParameters().get(0).getValue().getArray().getShape());
        }
    }

    @Test
    void flatTapsTakeLinearRegressors() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "mlp:8,8", "mlp:16,16", new Shape(1, 784));
            LossTerm term = new VariationalInformationTerm.Spec(List.of("hidden1", "hidden2"), null, null, null, null).build(c);
            assertEquals(new Shape(1, 16), term.parts().get("regressor_hidden2").getOutputShapes(new Shape[] {new Shape(1, 8)})[0]);
        }
    }

    @Test
    void badSpecsAreOneLineBeforeTheFirstBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "resnet8", "resnet8", new Shape(1, 1, 32, 32));
            assertEquals("objective.vid.taps: student tap pool (1, 64) and teacher tap stage3 (1, 64, 8, 8): variational information distillation "
                    + "needs two feature maps [C, H, W] or two flat features [D]", assertThrows(UsageException.class,
                    () -> new VariationalInformationTerm.Spec(List.of("pool"), List.of("stage3"), null, null, null).build(c)).getMessage());
            assertTrue(assertThrows(UsageException.class, () -> new VariationalInformationTerm.Spec(List.of("stage9"), null, null, null, null).build(c))
                    .getMessage().startsWith("objective.vid.taps: unknown tap 'stage9'; the student has stem, "));
            assertEquals("objective.vid.teacher_taps: unknown tap 'hidden1'; the teacher has stem, stage1_pre, stage1, stage2_pre, stage2, stage3_pre, stage3, pool",
                    assertThrows(UsageException.class, () -> new VariationalInformationTerm.Spec(List.of("stage1"), List.of("hidden1"), null, null, null)
                            .build(c)).getMessage());
            assertEquals("objective.vid.taps: expected each student tap at most once (each has its own regressor), found [stage1, stage1]",
                    assertThrows(UsageException.class, () -> new VariationalInformationTerm.Spec(List.of("stage1", "stage1"), List.of("stage1", "stage2"),
                            null, null, null).build(c)).getMessage());
            assertEquals("objective.vid.init_pred_var: expected a finite variance above 1e-5, found 0.0", assertThrows(UsageException.class,
                    () -> new VariationalInformationTerm.Spec(List.of("stage1"), null, 0.0, null, null).build(c)).getMessage());
        }
    }

    @Test
    void mapsWhoseSizesAreNotMultiplesAreRefused() {
        assertEquals("the larger spatial size must be a whole multiple of the smaller (the same for H and W) to be average-pooled to it",
                FeatureMaps.poolingProblem(new Shape(1, 4, 12, 12), new Shape(1, 4, 8, 8)));
    }
}
