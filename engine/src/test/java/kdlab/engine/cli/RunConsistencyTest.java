package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kdlab.datasets.idx.IdxWriter;
import kdlab.engine.run.Json;
import kdlab.engine.run.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures and weights a run stands for are the same wherever they are read: {@code evaluate --noise}
 * reproduces summary.json's noisy accuracy for a run with a non-default seed (an MLP, and a CNN on padded
 * 28×28 images, where the noise covers the padding in both), and a student distils from the teacher weights
 * the teacher's summary describes (last.ckpt for a {@code --to-zero-loss} teacher, not best.ckpt).
 */
class RunConsistencyTest {
    static final String DATA = "synthetic:relu-teacher,n=600,test=200,d=12,classes=3";
    private static final Pattern NOISY = Pattern.compile("test gaussian:0\\.8\\s+accuracy (\\d\\.\\d{4})  loss (\\d+\\.\\d{6})");

    @TempDir
    Path dir;

    private void assertEvaluateMatchesSummary(Path student) throws IOException {
        CliRunner.Outcome e = CliRunner.run("evaluate", "--run", student.toString(), "--noise", "gaussian:0.8", "--device", "cpu");
        assertEquals(0, e.exitCode(), e.err());
        Matcher m = NOISY.matcher(e.out());
        assertTrue(m.find(), e.out());
        Summary s = Json.read(student.resolve("summary.json"), Summary.class);
        assertEquals(String.format(Locale.ROOT, "%.4f", s.testAccuracyNoisy()), m.group(1), "evaluate --noise and summary.json: accuracy");
        // The loss tells two noise draws apart even where a barely trained model's accuracy does not.
        assertEquals(String.format(Locale.ROOT, "%.6f", s.testLossNoisy()), m.group(2), "evaluate --noise and summary.json: loss");
        CliRunner.Outcome other = CliRunner.run("evaluate", "--run", student.toString(), "--noise", "gaussian:0.8", "--seed", "0", "--device", "cpu");
        assertEquals(0, other.exitCode(), other.err());
        assertTrue(other.out().contains("test gaussian:0.8"), other.out());
    }

    @Test
    void evaluateUsesTheRunsSeedForItsNoisyTestSet() throws IOException {
        Path teacher = dir.resolve("teacher");
        assertEquals(0, CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:16", "--epochs", "2", "--seed", "7",
                "--out", teacher.toString(), "--device", "cpu").exitCode());
        Path student = dir.resolve("student");
        CliRunner.Outcome s = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.8", "--feature-weight", "1",
                "--epochs", "1", "--seed", "7", "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());
        assertEvaluateMatchesSummary(student);
    }

    @Test
    void evaluateMatchesSummaryForACnnOnPaddedImages() throws IOException {
        Path data = dir.resolve("idx");
        Files.createDirectories(data);
        Random r = new Random(5);
        writeIdx(data, "train", 160, r);
        writeIdx(data, "t10k", 60, r);
        Path teacher = dir.resolve("cnn-teacher");
        CliRunner.Outcome t = CliRunner.run("train-teacher", "--data", data.toString(), "--model", "resnet8", "--epochs", "1", "--batch-size", "32",
                "--seed", "5", "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, t.exitCode(), t.err());
        Path student = dir.resolve("cnn-student");
        CliRunner.Outcome s = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.8", "--feature-weight", "1",
                "--taps", "stage3", "--epochs", "1", "--batch-size", "32", "--seed", "5", "--augment", "crop:2,flip",
                "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());
        assertEvaluateMatchesSummary(student);
    }

    private static void writeIdx(Path dir, String prefix, int n, Random r) throws IOException {
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int p = 0; p < 28 * 28; p++) {
                // A bright square whose place depends on the class: learnable, and zero at the border.
                int row = p / 28;
                int col = p % 28;
                boolean on = row >= 4 + labels[i] && row < 10 + labels[i] && col >= 6 && col < 20;
                pixels[i * 28 * 28 + p] = (byte) (on ? 200 + r.nextInt(50) : r.nextInt(20));
            }
        }
        IdxWriter.writeImages(dir.resolve(prefix + "-images-idx3-ubyte"), 28, 28, pixels);
        IdxWriter.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte"), labels);
    }

    @Test
    void studentOfAZeroLossTeacherDistilsFromItsLastWeights() throws IOException {
        Path teacher = dir.resolve("zero-loss-teacher");
        CliRunner.Outcome t = CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:16", "--epochs", "2", "--to-zero-loss",
                "--zero-loss", "1e-9", "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, t.exitCode(), t.err());
        assertEquals("last", Json.read(teacher.resolve("summary.json"), Summary.class).weights());
        // If anything still read best.ckpt, this makes it fail loudly instead of silently using other weights.
        Files.writeString(teacher.resolve("checkpoints/best.ckpt"), "not the weights the summary describes");
        Path student = dir.resolve("student-of-last");
        CliRunner.Outcome s = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.5", "--feature-weight", "1",
                "--epochs", "1", "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());
        assertTrue(s.err().contains("teacher weights: " + teacher.resolve("checkpoints/last.ckpt")), s.err());
        CliRunner.Outcome e = CliRunner.run("evaluate", "--run", teacher.toString(), "--device", "cpu");
        assertEquals(0, e.exitCode(), e.err());
    }
}
