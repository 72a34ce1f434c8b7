package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.LoopState;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diverging learning rate stops the run with exit 3, naming the step and the term; `last` stays finite. */
class DivergenceTest {
    @TempDir
    Path dir;

    @Test
    void divergingRunStopsAndKeepsTheLastFiniteState() {
        Path run = dir.resolve("diverge");
        CliRunner.Outcome o = CliRunner.run("train-teacher", "--data", "synthetic:relu-teacher,n=600,test=100,d=12,classes=3",
                "--model", "mlp:32", "--lr", "1e12", "--epochs", "3", "--log-every", "2", "--out", run.toString(), "--device", "cpu");
        assertEquals(3, o.exitCode(), o.err());
        assertTrue(o.err().matches("(?s).*loss term 'ce' became (NaN|Infinity) between step \\d+ and step \\d+ \\(epoch 1\\).*"), o.err());
        LoopState state = Checkpoint.readState(run.resolve("checkpoints/last.ckpt"));
        assertEquals(0, state.optimizerSteps(), "the last finite state is the one before the first step");
        try (NDManager m = NDManager.newBaseManager()) {
            TappedBlock model = ModelSpec.parse("mlp:32").build(3, true);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 12));
            Checkpoint.load(run.resolve("checkpoints/last.ckpt"), model, m, null);
            model.getParameters().forEach(p -> assertTrue(
                    p.getValue().getArray().isInfinite().logicalOr(p.getValue().getArray().isNaN()).none().getBoolean(), p.getKey()));
        }
    }

    /**
     * An update that overflows (lr beyond float range) after a finite loss: before the guard, the mid-epoch
     * checkpoint after step 1 saved infinite weights. Now the save is refused and last.ckpt stays at step 0.
     */
    @Test
    void overflowingUpdateIsNeverCheckpointed() {
        Path run = dir.resolve("overflow");
        CliRunner.Outcome o = CliRunner.run("train-teacher", "--data", "synthetic:relu-teacher,n=600,test=100,d=12,classes=3",
                "--model", "mlp:32", "--lr", "1e39", "--epochs", "2", "--log-every", "1", "--checkpoint-every", "1",
                "--out", run.toString(), "--device", "cpu");
        assertEquals(3, o.exitCode(), o.err());
        assertTrue(o.err().contains("the parameters or optimizer state became non-finite by step 1 (epoch 1) ("), o.err());
        assertTrue(o.err().matches("(?s).*non-finite by step 1 \\(epoch 1\\) \\([^)]*weight[^)]*\\);.*"), "names the arrays: " + o.err());
        assertTrue(o.err().contains("holds the last finite state (step 0)"), o.err());
        LoopState state = Checkpoint.readState(run.resolve("checkpoints/last.ckpt"));
        assertEquals(0, state.optimizerSteps());
        assertAllFinite(run, "mlp:32", 12);
    }

    private static void assertAllFinite(Path run, String model, int inputs) {
        try (NDManager m = NDManager.newBaseManager()) {
            TappedBlock block = ModelSpec.parse(model).build(3, true);
            block.initialize(m, DataType.FLOAT32, new Shape(1, inputs));
            Checkpoint.load(run.resolve("checkpoints/last.ckpt"), block, m, null);
            block.getParameters().forEach(p -> assertTrue(
                    p.getValue().getArray().isInfinite().logicalOr(p.getValue().getArray().isNaN()).none().getBoolean(), p.getKey()));
        }
    }
}
