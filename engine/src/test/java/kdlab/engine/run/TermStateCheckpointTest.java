package kdlab.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kdlab.engine.UsageException;
import kdlab.engine.objective.CrossEntropyTerm;
import kdlab.engine.objective.LossTerm;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.StepView;
import kdlab.engine.objective.View;
import kdlab.engine.objective.WeightedTerm;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A term's state (SoTeacher's per-sample table, CRD's memory: here a small table) is written into every
 * checkpoint under the term's name and restored into a fresh term on resume; a checkpoint without the state a
 * stateful term needs is refused.
 */
class TermStateCheckpointTest {
    @TempDir
    Path dir;

    /** A term whose state is a per-sample table. */
    private static final class TableTerm implements LossTerm {
        private NDArray table;

        TableTerm(NDManager m) {
            table = m.zeros(new Shape(5));
        }

        @Override
        public String name() {
            return "table";
        }

        @Override
        public Set<View> views() {
            return Set.of(View.TRAINED_CLEAN);
        }

        @Override
        public NDArray compute(StepView step) {
            return step.features(View.TRAINED_CLEAN).output().mean().mul(0f);
        }

        @Override
        public NDList state() {
            return new NDList(table);
        }

        @Override
        public void restoreState(NDList saved) {
            table = saved.singletonOrThrow();
        }
    }

    @Test
    void termStateRoundTripsThroughACheckpoint() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TappedBlock model = ModelSpec.parse("mlp:4").build(3, true);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            TableTerm term = new TableTerm(m);
            term.table = m.create(new float[] {1, 2, 3, 4, 5});
            Objective objective = new Objective(List.of(new WeightedTerm(new CrossEntropyTerm(View.TRAINED_CLEAN), 1.0),
                    new WeightedTerm("memory", term, 1.0, null)));
            Path file = dir.resolve("last.ckpt");
            Checkpoint.save(file, LoopState.initial(), model, null, objective.parts(), objective.states());

            TableTerm fresh = new TableTerm(m);
            Objective again = new Objective(List.of(new WeightedTerm(new CrossEntropyTerm(View.TRAINED_CLEAN), 1.0),
                    new WeightedTerm("memory", fresh, 1.0, null)));
            Checkpoint.load(file, model, m, null, again.parts(), again);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, fresh.table.toFloatArray());
            assertEquals(Set.of("memory"), again.states().keySet());

            Path without = dir.resolve("stateless.ckpt");
            Checkpoint.save(without, LoopState.initial(), model, null, Map.of(), Map.of());
            UsageException e = assertThrows(UsageException.class, () -> Checkpoint.load(without, model, m, null, Map.of(), again));
            assertTrue(e.getMessage().endsWith("expected the state of loss terms [memory], found none saved"), e.getMessage());
        }
    }
}
