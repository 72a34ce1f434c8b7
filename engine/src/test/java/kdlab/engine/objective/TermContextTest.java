package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.List;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/**
 * Any term can read the clean or the noisy view of either model: the spec's student and teacher settings
 * pick the view; in a run without noise both name the clean one, so each model runs once per step.
 */
class TermContextTest {
    private static TermContext context(NDManager m, boolean noisy) {
        Shape in = new Shape(1, 6);
        TappedBlock s = ModelSpec.parse("mlp:8").build(3, true);
        s.initialize(m, DataType.FLOAT32, in);
        TappedBlock t = ModelSpec.parse("mlp:8").build(3, true);
        t.initialize(m, DataType.FLOAT32, in);
        return new TermContext("kd", s, t, in, true, noisy, m, 0, k -> k);
    }

    @Test
    void everyCombinationOfViewsCanBeChosen() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, true);
            assertEquals(EnumSet.of(View.TRAINED_NOISY, View.FROZEN_CLEAN), new KnowledgeDistillationTerm.Spec(2.0, null, null).build(c).views());
            assertEquals(EnumSet.of(View.TRAINED_CLEAN, View.FROZEN_NOISY), new KnowledgeDistillationTerm.Spec(2.0, "clean", "noisy").build(c).views());
            assertEquals(EnumSet.of(View.TRAINED_NOISY, View.FROZEN_NOISY),
                    new FeatureMatchTerm.Spec(List.of("hidden1"), null, "noisy", "noisy").build(c).views());
            assertEquals(EnumSet.of(View.TRAINED_CLEAN), new CrossEntropyTerm.Spec("clean").build(c).views());
        }
    }

    @Test
    void withoutNoiseTheNoisyViewIsTheCleanOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, false);
            assertEquals(EnumSet.of(View.TRAINED_CLEAN, View.FROZEN_CLEAN), new KnowledgeDistillationTerm.Spec(null, "noisy", "noisy").build(c).views());
        }
    }

    @Test
    void aViewOtherThanCleanOrNoisyIsRefusedNamingTheKey() {
        try (NDManager m = NDManager.newBaseManager()) {
            TermContext c = context(m, true);
            UsageException e = assertThrows(UsageException.class, () -> new KnowledgeDistillationTerm.Spec(null, "blurry", null).build(c));
            assertEquals("objective.kd.student: expected noisy or clean, found 'blurry'", e.getMessage());
        }
    }
}
