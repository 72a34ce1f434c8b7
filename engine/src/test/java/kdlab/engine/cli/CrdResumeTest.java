package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.LoopState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CRD student survives a SIGKILL mid-epoch: its memory bank (or ring buffers and their write position), the
 * normalising constants Z and both embedding heads come back from the checkpoint, and the negatives drawn after
 * the resume are the ones the straight run drew, so the run ends byte-identical to the straight one (final and
 * best checkpoints, which hold the term's state and heads, metrics and summary).
 *
 * <p>Sizes as in {@link ExperimentResumeTest}: 48 training examples in batches of 16 (3 steps per epoch), 2
 * epochs, a checkpoint every 2 steps, the kill after step 5. RepDistiller's 16384 negatives per sample are far
 * more than 48 samples: they are drawn with replacement. The queue of 20 rows wraps within a batch.
 */
class CrdResumeTest {
    private static final int KILL_STEP = 5;

    @TempDir
    static Path dir;

    private static Path idx;

    @BeforeAll
    static void writeData() throws IOException {
        idx = dir.resolve("idx");
        LegacyImageData.write(idx);
    }

    @Test
    void crdWithItsMemoryBankResumesExactly() throws Exception {
        killResumeAndCompare("crd-bank", "  ce: 1\n  crd: {weight: 0.8}");
    }

    @Test
    void crdWithAQueueResumesExactly() throws Exception {
        killResumeAndCompare("crd-queue", "  ce: 1\n  crd: {weight: 0.8, queue: 20, nce_k: 64}");
    }

    private static void killResumeAndCompare(String name, String objective) throws Exception {
        Path config = KillAndResume.mlpStudent(dir, idx, name, 5, 2, objective, "");
        Path straight = dir.resolve("straight-" + name);
        CliRunner.Outcome s = CliRunner.run(KillAndResume.args(config, straight));
        assertEquals(0, s.exitCode(), s.err());
        String header = Files.readAllLines(straight.resolve("metrics.csv")).get(0);
        assertTrue(header.contains(",crd"), header);

        Path killed = dir.resolve("killed-" + name);
        KillAndResume.killAfterStep(KILL_STEP, KillAndResume.args(config, killed));
        LoopState at = Checkpoint.readState(killed.resolve("checkpoints/last.ckpt"));
        assertEquals(1, at.epochsCompleted(), "the kill came in the student's epoch 2");
        assertEquals(4, at.optimizerSteps());

        CliRunner.Outcome r = CliRunner.run(KillAndResume.args(config, killed, "--resume"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("resuming after 4 steps (epoch 2, step 1 of it)"), r.err());
        RunFiles.assertSameRun(straight, killed);
    }
}
