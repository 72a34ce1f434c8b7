package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kdlab.engine.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CIFAR families on real Fashion-MNIST (zero-padded to 32×32), CI-sized: a resnet56 teacher, then a
 * resnet20 student-teacher student matching the three stage outputs (equal shapes, no connector).
 */
class CnnFashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void resnet56TeacherToResnet20StudentFromTheCli() throws IOException {
        Path teacher = dir.resolve("resnet56");
        CliRunner.Outcome t = CliRunner.run("train-teacher", "--model", "resnet56", "--epochs", "1", "--train-size", "384",
                "--validation-size", "128", "--batch-size", "64", "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, t.exitCode(), t.err());
        Path student = dir.resolve("resnet20");
        CliRunner.Outcome s = CliRunner.run("train-student", "--teacher", teacher.toString(), "--model", "resnet20",
                "--taps", "stage1,stage2,stage3", "--noise", "gaussian:0.3", "--feature-weight", "1", "--epochs", "1",
                "--train-size", "256", "--validation-size", "128", "--batch-size", "64", "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());
        com.fasterxml.jackson.databind.JsonNode c = Json.MAPPER.readTree(student.resolve("config.json").toFile());
        assertEquals("[\"stage1\",\"stage2\",\"stage3\"]", c.at("/objective/feature_match/taps").toString());
        assertEquals("resnet20", c.get("model").asText());
        assertTrue(Files.readAllLines(student.resolve("metrics.csv")).get(0).contains("feature_match"));
        String summary = Files.readString(student.resolve("summary.json"));
        assertTrue(summary.contains("\"test_accuracy_noisy\" : 0."), summary);
    }
}
