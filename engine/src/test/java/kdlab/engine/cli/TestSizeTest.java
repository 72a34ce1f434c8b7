package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test_size: a run, its inline teacher and {@code kdlab evaluate} score the same first examples; bad values are one line. */
class TestSizeTest {
    @TempDir
    Path dir;

    @Test
    void aRunItsTeacherAndEvaluateScoreTheFirstTestExamples() throws Exception {
        Path idx = dir.resolve("idx");
        LegacyImageData.write(idx);
        Path config = dir.resolve("e.yaml");
        Files.writeString(config, String.join("\n", "data: " + idx, "model: mlp:16", "epochs: 1", "test_size: 20",
                "teacher: {model: 'mlp:16', epochs: 1}", "objective: {ce: 1, kd: {weight: 1, temperature: 4}}", ""));
        Path out = dir.resolve("run");
        CliRunner.Outcome o = CliRunner.run("train", "--config", config.toString(), "--out", out.toString(), "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(Files.readString(out.resolve("teacher/config.json")).contains("\"test_size\" : 20"), "the inline teacher inherits it");
        double accuracy = kdlab.engine.run.Json.MAPPER.readTree(out.resolve("summary.json").toFile()).get("test_accuracy").asDouble();
        assertEquals(Math.rint(accuracy * 20), accuracy * 20, 1e-6, "a fraction of 20 examples: " + accuracy);
        CliRunner.Outcome e = CliRunner.run("evaluate", "--run", out.toString(), "--device", "cpu");
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", accuracy)) && e.out().contains("(20 examples)"), e.out());

        CliRunner.Outcome tooMany = CliRunner.run("train", "--config", config.toString(), "--set", "test_size=51", "--out", dir.resolve("x").toString());
        assertEquals(2, tooMany.exitCode());
        assertEquals("kdlab: " + config + " with --set: test_size: expected at most 50 (the test examples of " + idx + "), found 51", tooMany.err().trim());
        CliRunner.Outcome negative = CliRunner.run("train", "--config", config.toString(), "--set", "test_size=-1", "--out", dir.resolve("y").toString());
        assertEquals(2, negative.exitCode());
        assertEquals("kdlab: " + config + " with --set: test_size: expected 0 (all) or more, found -1", negative.err().trim());
        assertFalse(Files.exists(dir.resolve("x")) || Files.exists(dir.resolve("y")), "a refused run wrote its directory");
    }
}
