package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 binary files written by the test, a CNN teacher and student with on-device augmentation, from the CLI. */
class CifarCliTest {
    @TempDir
    Path dir;

    @Test
    void cnnTeacherAndStudentOnCifarWithAugmentation() throws IOException {
        Path data = dir.resolve("cifar");
        String spec = TestCifar.write(data, 1, 40, 40);
        Path teacher = dir.resolve("teacher");
        CliRunner.Outcome t = CliRunner.run("train-teacher", "--data", spec, "--model", "resnet8", "--epochs", "1", "--batch-size", "32",
                "--augment", "crop:4,flip,normalize:cifar10", "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, t.exitCode(), t.err());
        assertTrue(t.err().contains("180 train / 20 validation examples"), t.err());
        Path student = dir.resolve("student");
        CliRunner.Outcome s = CliRunner.run("train-student", "--teacher", teacher.toString(), "--model", "resnet8", "--taps", "stage3,pool",
                "--noise", "gaussian:0.2", "--feature-weight", "1", "--epochs", "1", "--batch-size", "32",
                "--augment", "crop:4,flip,normalize:cifar10", "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());
        assertTrue(Files.readString(student.resolve("config.json")).contains("\"augment\" : \"crop:4,flip,normalize:cifar10\""));
        CliRunner.Outcome e = CliRunner.run("evaluate", "--run", student.toString(), "--noise", "gaussian:0.2", "--device", "cpu");
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().contains("(40 examples)"), e.out());
        CliRunner.Outcome bad = CliRunner.run("train-teacher", "--data", spec, "--model", "resnet8", "--augment", "crop:-1",
                "--out", dir.resolve("bad").toString(), "--device", "cpu");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().startsWith("kdlab: ") && bad.err().contains("crop"), bad.err());
        assertTrue(Files.notExists(dir.resolve("bad")));
    }
}
