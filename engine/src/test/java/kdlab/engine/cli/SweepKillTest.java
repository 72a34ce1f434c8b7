package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import kdlab.engine.sweep.Grid;
import kdlab.engine.sweep.SweepCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep SIGKILLed in the middle of its second cell and run again: the finished cell is not touched, the
 * killed one resumes from its checkpoint, the rest run, and every cell ends exactly as in a sweep never killed.
 */
class SweepKillTest {
    @TempDir
    Path dir;

    @Test
    void aSweepKilledMidCellFinishesTheGridWithoutRedoingFinishedCells() throws Exception {
        Path sweep = SweepCommandTest.tinySweep(dir);
        Path killed = dir.resolve("killed");
        // Loops in the child: teacher of seed 0 (2 steps), cell 0 (9 steps: the 1st step 5), teacher of seed 1, cell 1 (the 2nd step 5).
        KdlabProcess p = KdlabProcess.start(List.of("-Dkdlab.faultinject=pause-at-step:5:2"),
                "sweep", "run", sweep.toString(), "--out", killed.toString(), "--device", "cpu", "--checkpoint-every", "2");
        p.awaitLine("paused at step 5", 180);
        p.sigkill();
        assertEquals(137, p.waitFor(30));

        List<SweepCell> cells = Grid.read(killed).cells();
        Path first = Grid.runOf(killed, cells.get(0));
        Path second = Grid.runOf(killed, cells.get(1));
        assertTrue(Files.isRegularFile(first.resolve("summary.json")), "cell 0 finished before the kill");
        assertFalse(Files.exists(second.resolve("summary.json")), "cell 1 was killed before its end");
        assertTrue(Files.isRegularFile(second.resolve("checkpoints/last.ckpt")), "cell 1 checkpointed before the kill");
        CliRunner.Outcome status = CliRunner.run("sweep", "status", killed.toString());
        assertTrue(status.out().contains("4 cells: 1 done, 0 running, 0 failed, 3 pending"), status.out());
        assertTrue(status.out().contains(cells.get(1).name() + " (started; the next sweep run resumes it)"), status.out());

        Map<Path, FileTime> finished = SweepCommandTest.mtimes(first);
        CliRunner.Outcome again = CliRunner.run("sweep", "run", sweep.toString(), "--out", killed.toString(), "--device", "cpu", "--checkpoint-every", "2");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("1 already done, 3 run now"), again.err());
        assertTrue(again.err().contains("cell 2/4 " + cells.get(1).name() + " (resuming)"), again.err());
        assertTrue(again.err().contains("resuming after 4 steps"), again.err());
        assertEquals(finished, SweepCommandTest.mtimes(first), "the finished cell's files were touched");

        Path straight = dir.resolve("straight");
        assertEquals(0, CliRunner.run("sweep", "run", sweep.toString(), "--out", straight.toString(), "--device", "cpu", "--checkpoint-every", "2").exitCode());
        for (SweepCell c : cells) {
            Path x = Grid.runOf(straight, c);
            Path y = Grid.runOf(killed, c);
            assertEquals(RunFiles.metricsWithoutTiming(x), RunFiles.metricsWithoutTiming(y), c.name());
            assertArrayEquals(Files.readAllBytes(x.resolve("checkpoints/last.ckpt")), Files.readAllBytes(y.resolve("checkpoints/last.ckpt")), c.name());
            assertEquals(RunFiles.summaryWithoutTiming(x), RunFiles.summaryWithoutTiming(y), c.name());
        }
    }
}
