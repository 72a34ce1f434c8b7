package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/** The AT spec checks its tap pairs against both models before any batch: equal spatial size only. */
class AttentionTransferSpecTest {
    private static TermContext context(NDManager m, String student, String teacher) {
        Shape in = new Shape(1, 1, 32, 32);
        TappedBlock s = ModelSpec.parse(student).build(10, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse(teacher).build(10, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("at", s, t, in, true, false, m, 0, k -> k);
    }

    @Test
    void pairsOfEqualSpatialSizeBuildATermThatReadsThoseTaps() {
        try (NDManager m = NDManager.newBaseManager()) {
            LossTerm term = new AttentionTransferTerm.Spec(List.of("stage1", "stage2", "stage3"), null, null, null).build(context(m, "resnet8", "wrn_16_2"));
            assertEquals(List.of("stage1", "stage2", "stage3"), ((AttentionTransferTerm) term).taps());
            assertEquals(java.util.EnumSet.of(View.TRAINED_CLEAN, View.FROZEN_CLEAN), term.views(), "no noise: the clean views");
        }
    }

    @Test
    void aPairOfDifferentSpatialSizeIsOneLineNamingBoth() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "resnet8", "resnet8");
            UsageException e = assertThrows(UsageException.class,
                    () -> new AttentionTransferTerm.Spec(List.of("stage2"), List.of("stage3"), null, null).build(c));
            assertEquals("objective.at.taps: student tap stage2 (1, 32, 16, 16) and teacher tap stage3 (1, 64, 8, 8): attention transfer needs feature maps "
                    + "[C, H, W] of the same spatial size H x W", e.getMessage());
        }
    }

    @Test
    void tapsAreRequiredAndMustExist() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, "resnet8", "resnet8");
            assertTrue(assertThrows(UsageException.class, () -> new AttentionTransferTerm.Spec(null, null, null, null).build(c))
                    .getMessage().startsWith("objective.at.taps: required"));
            assertTrue(assertThrows(UsageException.class, () -> new AttentionTransferTerm.Spec(List.of("stage9"), null, null, null).build(c))
                    .getMessage().startsWith("objective.at.taps: unknown tap 'stage9'; the student has"));
            assertEquals("objective.at.teacher_taps: expected one teacher tap per student tap (2), found 1", assertThrows(UsageException.class,
                    () -> new AttentionTransferTerm.Spec(List.of("stage1", "stage2"), List.of("stage1"), null, null).build(c)).getMessage());
        }
    }
}
