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
 * Experiments from files survive a SIGKILL: a FitNets student (its regressor is a trainable part of the term,
 * saved with the model) and a KD student whose weight ramps up every step, each with an inline teacher and
 * fresh noise, killed in epoch 2 and resumed, end byte-identical to their straight runs — and the resume
 * reuses the finished inline teacher instead of training it again.
 *
 * <p>Sizes: 48 training examples in batches of 16 (3 steps per epoch), 2 epochs, a checkpoint every 2 steps,
 * the kill after step 5; the inline teacher trains 1 step, so the kill falls in the student.
 */
class ExperimentResumeTest {
    private static final int KILL_STEP = 5;

    @TempDir
    static Path dir;

    private static Path idx;

    @BeforeAll
    static void writeData() throws IOException {
        idx = dir.resolve("idx");
        LegacyImageData.write(idx);
    }

    private static Path experiment(String name, String objective) throws IOException {
        return KillAndResume.mlpStudent(dir, idx, name, 3, 2, objective, "");
    }

    @Test
    void fitNetsWithItsRegressorResumesExactly() throws Exception {
        Path f = experiment("fitnets", "  ce: 1\n  fitnets: {weight: 2, student_tap: hidden1, teacher_tap: hidden2, connector: linear}");
        killResumeAndCompare("fitnets", f);
    }

    @Test
    void kdWithARampedWeightResumesExactly() throws Exception {
        Path f = experiment("kd-ramp", "  ce: 0.5\n  kd: {weight: 0.5, temperature: 2, schedule: ramp:2}");
        killResumeAndCompare("kd-ramp", f);
    }

    /**
     * A SoTeacher teacher (its consistency table is term state, its weight ramps by epoch, and the Lipschitz
     * penalty reads the parameters) killed in epoch 2 resumes byte-identically: the table comes back from the
     * checkpoint.
     */
    @Test
    void soTeacherWithItsConsistencyTableResumesExactly() throws Exception {
        Path f = dir.resolve("soteacher.yaml");
        Files.writeString(f, String.join("\n",
                "data: " + idx,
                "model: mlp:16",
                "epochs: 2",
                "seed: 6",
                "train_size: 48",
                "validation_size: 16",
                "augment: crop:2,flip",
                "objective: {ce: 1, consistency: {weight: 1, schedule: sot-linear}, lipschitz: 1.0e-3}",
                "loop: {batch_size: 16}",
                ""));
        Path straight = dir.resolve("straight-soteacher");
        assertEquals(0, CliRunner.run(args(f, straight)).exitCode());
        Path killed = dir.resolve("killed-soteacher");
        KillAndResume.killAfterStep(KILL_STEP, args(f, killed));
        assertEquals(4, Checkpoint.readState(killed.resolve("checkpoints/last.ckpt")).optimizerSteps());
        CliRunner.Outcome r = CliRunner.run(args(f, killed, "--resume"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("resuming after 4 steps (epoch 2, step 1 of it)"), r.err());
        RunFiles.assertSameRun(straight, killed);
        String header = Files.readAllLines(straight.resolve("metrics.csv")).get(0);
        assertTrue(header.contains(",consistency,lipschitz,"), header);
    }

    /** A kill inside the inline teacher's training: the resume finishes the teacher, then trains the student. */
    @Test
    void aKilledInlineTeacherIsResumedThenTheStudentTrains() throws Exception {
        Path f = dir.resolve("teacher-killed.yaml");
        Files.writeString(f, String.join("\n",
                "data: " + idx,
                "model: mlp:16",
                "epochs: 1",
                "seed: 8",
                "train_size: 32",
                "validation_size: 16",
                "teacher: {model: 'mlp:32', epochs: 2, train_size: 48, loop: {batch_size: 16}}",
                "objective: {ce: 0.5, kd: 0.5}",
                "loop: {batch_size: 16}",
                ""));
        Path straight = dir.resolve("straight-teacher-killed");
        assertEquals(0, CliRunner.run(args(f, straight)).exitCode());
        Path killed = dir.resolve("killed-teacher-killed");
        KillAndResume.killAfterStep(KILL_STEP, args(f, killed));
        assertEquals(4, Checkpoint.readState(killed.resolve("teacher/checkpoints/last.ckpt")).optimizerSteps());
        assertTrue(!Files.exists(killed.resolve("config.json")), "the student had not started");

        CliRunner.Outcome r = CliRunner.run(args(f, killed, "--resume"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("[teacher] resuming after 4 steps"), r.err());
        RunFiles.assertSameRun(straight.resolve("teacher"), killed.resolve("teacher"));
        RunFiles.assertSameRun(straight, killed);
    }

    private static String[] args(Path config, Path out, String... extra) {
        return KillAndResume.args(config, out, extra);
    }

    private static void killResumeAndCompare(String name, Path config) throws Exception {
        Path straight = dir.resolve("straight-" + name);
        CliRunner.Outcome s = CliRunner.run(args(config, straight));
        assertEquals(0, s.exitCode(), s.err());

        Path killed = dir.resolve("killed-" + name);
        KillAndResume.killAfterStep(KILL_STEP, args(config, killed));
        LoopState at = Checkpoint.readState(killed.resolve("checkpoints/last.ckpt"));
        assertEquals(1, at.epochsCompleted(), "the kill came in the student's epoch 2");
        assertEquals(4, at.optimizerSteps());

        long teacherMtime = Files.getLastModifiedTime(killed.resolve("teacher/checkpoints/best.ckpt")).toMillis();
        CliRunner.Outcome r = CliRunner.run(args(config, killed, "--resume"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("reusing the teacher already trained in"), r.err());
        assertTrue(r.err().contains("resuming after 4 steps (epoch 2, step 1 of it)"), r.err());
        assertEquals(teacherMtime, Files.getLastModifiedTime(killed.resolve("teacher/checkpoints/best.ckpt")).toMillis());
        RunFiles.assertSameRun(straight.resolve("teacher"), killed.resolve("teacher"));
        RunFiles.assertSameRun(straight, killed);
    }
}
