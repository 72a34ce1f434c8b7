package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.LoopState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs that are killed, signalled or crash during a checkpoint write and are then resumed end exactly as
 * an uninterrupted run: same final parameters and optimizer state (the checkpoint files are compared
 * byte for byte) and the same metrics.csv rows, timing aside.
 */
class ResumeTest {
    static final String DATA = "synthetic:relu-teacher,n=600,test=100,d=12,classes=3";
    /** 540 training examples in batches of 32: 17 steps per epoch; step 44 is in the middle of epoch 3. */
    static final int KILL_STEP = 44;

    @TempDir
    static Path dir;

    static Path teacher;

    @BeforeAll
    static void trainTeacher() {
        teacher = dir.resolve("teacher");
        CliRunner.Outcome o = CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:24,24", "--epochs", "2",
                "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
    }

    private static String[] studentArgs(Path out, String variant, String... extra) {
        List<String> a = new ArrayList<>(List.of("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.5",
                "--noise-mode", "fresh", "--feature-weight", "0.5", "--epochs", "4", "--batch-size", "32",
                "--checkpoint-every", "7", "--log-every", "5", "--seed", "3", "--device", "cpu", "--out", out.toString()));
        switch (variant) {
            case "adam" -> a.addAll(List.of("--optimizer", "adam", "--lr", "0.005"));
            case "early-stop" -> a.addAll(List.of("--early-stop", "2"));
            case "connector" -> a.addAll(List.of("--model", "mlp:12,12", "--connector", "linear"));
            default -> { }
        }
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "early-stop", "connector"})
    void sigkillInEpochThreeThenResumeEqualsStraightRun(String variant) throws Exception {
        Path straight = dir.resolve("straight-" + variant);
        CliRunner.Outcome s = CliRunner.run(studentArgs(straight, variant));
        assertEquals(0, s.exitCode(), s.err());

        Path killed = dir.resolve("killed-" + variant);
        KdlabProcess p = KdlabProcess.start(List.of("-Dkdlab.faultinject=pause-at-step:" + KILL_STEP), studentArgs(killed, variant));
        p.awaitLine("paused at step " + KILL_STEP, 60);
        p.sigkill();
        assertEquals(137, p.waitFor(30));
        LoopState at = Checkpoint.readState(killed.resolve("checkpoints/last.ckpt"));
        assertEquals(2, at.epochsCompleted(), "the kill came in epoch 3");
        assertEquals(42, at.optimizerSteps(), "the last mid-epoch checkpoint (every 7 steps) before step 44");
        assertEquals(8, at.stepInEpoch());

        CliRunner.Outcome r = CliRunner.run(studentArgs(killed, variant, "--resume"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("resuming after 42 steps (epoch 3, step 8 of it)"), r.err());
        RunFiles.assertSameRun(straight, killed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void signalWritesCheckpointAndExitsThenResumes(String signal) throws Exception {
        Path straight = dir.resolve("straight-signal-" + signal);
        assertEquals(0, CliRunner.run(studentArgs(straight, "sgd")).exitCode());
        Path stopped = dir.resolve("stopped-" + signal);
        KdlabProcess p = KdlabProcess.start(List.of("-Dkdlab.faultinject=pause-at-step:" + KILL_STEP), studentArgs(stopped, "sgd"));
        p.awaitLine("paused at step " + KILL_STEP, 60);
        p.signal(signal);
        int code = p.waitFor(30);
        assertEquals(signal.equals("TERM") ? 143 : 130, code, String.join("\n", p.lines()));
        assertTrue(p.lines().stream().anyMatch(l -> l.contains("stopped by SIG" + signal + " after step 44") && l.contains("--resume")),
                String.join("\n", p.lines()));
        LoopState at = Checkpoint.readState(stopped.resolve("checkpoints/last.ckpt"));
        assertEquals(KILL_STEP, at.optimizerSteps(), "the checkpoint is written at the step the signal finished");
        CliRunner.Outcome r = CliRunner.run(studentArgs(stopped, "sgd", "--resume"));
        assertEquals(0, r.exitCode(), r.err());
        RunFiles.assertSameRun(straight, stopped);
    }

    @Test
    void crashDuringCheckpointWriteKeepsThePreviousCheckpoint() throws Exception {
        String[] args = {"train-teacher", "--data", DATA, "--model", "mlp:16", "--epochs", "3", "--seed", "4", "--device", "cpu"};
        Path straight = dir.resolve("write-straight");
        assertEquals(0, CliRunner.run(concat(args, "--out", straight.toString())).exitCode());
        Path crashed = dir.resolve("write-crash");
        // Writes of last.ckpt: before step 1, after epoch 1, after epoch 2 (the one that is cut short).
        KdlabProcess p = KdlabProcess.start(List.of("-Dkdlab.faultinject=halt-in-write:last.ckpt:3"), concat(args, "--out", crashed.toString()));
        assertEquals(137, p.waitFor(60), String.join("\n", p.lines()));
        try (Stream<Path> files = Files.list(crashed.resolve("checkpoints"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith(".last.ckpt")), "the interrupted write left its temporary file");
        }
        LoopState previous = Checkpoint.readState(crashed.resolve("checkpoints/last.ckpt"));
        assertEquals(1, previous.epochsCompleted(), "the checkpoint of epoch 1 is intact");
        assertEquals(4, RunFiles.metricsWithoutTiming(crashed).size(), "metrics.csv is readable and holds epochs 1 and 2");
        CliRunner.Outcome r = CliRunner.run(concat(args, "--out", crashed.toString(), "--resume"));
        assertEquals(0, r.exitCode(), r.err());
        RunFiles.assertSameRun(straight, crashed);
    }

    @Test
    void resumeRefusesAChangedConfig() {
        Path run = dir.resolve("changed");
        assertEquals(0, CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:8", "--epochs", "1", "--out", run.toString(), "--device", "cpu").exitCode());
        CliRunner.Outcome o = CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:8", "--epochs", "1", "--lr", "0.1",
                "--out", run.toString(), "--device", "cpu", "--resume");
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("the run was started with a different experiment (optimizer.lr 0.05 -> 0.1)"), o.err());
    }

    private static String[] concat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }
}
