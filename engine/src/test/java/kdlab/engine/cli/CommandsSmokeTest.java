package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import kdlab.engine.run.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command through the real entry point, on a small synthetic set, with its exit code and messages. */
class CommandsSmokeTest {
    static final String DATA = "synthetic:relu-teacher,n=600,test=200,d=20,classes=4";

    @TempDir
    static Path dir;

    static Path teacher;

    @BeforeAll
    static void trainTeacher() {
        teacher = dir.resolve("teacher");
        CliRunner.Outcome o = CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:32,32", "--epochs", "2",
                "--seed", "1", "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
    }

    @Test
    void teacherRunHoldsEveryFile() throws IOException {
        for (String f : List.of("config.json", "manifest.json", "metrics.csv", "summary.json", "checkpoints/best.ckpt", "checkpoints/last.ckpt")) {
            assertTrue(Files.isRegularFile(teacher.resolve(f)), f);
        }
        kdlab.engine.config.Experiment c = kdlab.engine.config.Experiments.readRun(teacher.resolve("config.json"));
        assertEquals("mlp:32,32:relu", c.model());
        assertTrue(Files.readString(teacher.resolve("manifest.json")).contains("\"cpu\""));
        String summary = Files.readString(teacher.resolve("summary.json"));
        assertTrue(summary.contains("\"best_epoch\"") && summary.contains("\"test_accuracy\""), summary);
        List<String> lines = Files.readAllLines(teacher.resolve("metrics.csv"));
        assertEquals("epoch,phase,split,loss,ce,accuracy,lr,seconds", lines.get(0));
        assertEquals(5, lines.size(), "header + 2 epochs x (train, validation)");
    }

    @Test
    void studentEvaluateAndOverwriteRules() throws IOException {
        Path student = dir.resolve("student");
        CliRunner.Outcome o = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.5",
                "--feature-weight", "0.5", "--early-stop", "2", "--epochs", "2", "--seed", "3", "--out", student.toString(), "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        String summary = Files.readString(student.resolve("summary.json"));
        assertTrue(summary.contains("\"test_accuracy_noisy\""), summary);
        assertTrue(Files.readAllLines(student.resolve("metrics.csv")).get(0).contains("feature_match"));

        Map<String, FileTime> before = snapshot(student);
        CliRunner.Outcome eval = CliRunner.run("evaluate", "--run", student.toString(), "--noise", "gaussian:0.5", "--device", "cpu");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("test clean") && eval.out().contains("test gaussian:0.5"), eval.out());
        assertTrue(eval.out().contains("accuracy 0."), eval.out());
        assertEquals(before, snapshot(student), "evaluate must write nothing into the run");

        CliRunner.Outcome again = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.5",
                "--feature-weight", "0.5", "--epochs", "1", "--out", student.toString(), "--device", "cpu");
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds a run") && again.err().contains("--overwrite"), again.err());
        assertEquals(before, snapshot(student), "a refused run must not touch the existing one");
    }

    @Test
    void narrowerStudentNeedsAConnector() throws IOException {
        CliRunner.Outcome refused = CliRunner.run("train-student", "--teacher", teacher.toString(), "--model", "mlp:16,16", "--noise", "gaussian:0.3",
                "--feature-weight", "1", "--epochs", "1", "--out", dir.resolve("narrow-refused").toString(), "--device", "cpu");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--taps: tap hidden1: the student's activation has shape (1, 16) but the teacher's has (1, 32)")
                && refused.err().contains("set --connector to linear or conv"), refused.err());
        Path narrow = dir.resolve("narrow");
        CliRunner.Outcome o = CliRunner.run("train-student", "--teacher", teacher.toString(), "--model", "mlp:16,16", "--noise", "gaussian:0.3",
                "--feature-weight", "1", "--connector", "linear", "--epochs", "2", "--out", narrow.toString(), "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        List<String> rows = Files.readAllLines(narrow.resolve("metrics.csv"));
        assertTrue(rows.get(0).contains("feature_match"), rows.get(0));
        assertEquals("\"linear\"", Json.MAPPER.readTree(narrow.resolve("config.json").toFile()).at("/objective/feature_match/connector").toString());
        assertEquals("[\"hidden1\",\"hidden2\"]", Json.MAPPER.readTree(narrow.resolve("config.json").toFile()).at("/objective/feature_match/taps").toString(),
                "the taps chosen by default (all shared) are recorded as chosen");
        CliRunner.Outcome eval = CliRunner.run("evaluate", "--run", narrow.toString(), "--device", "cpu");
        assertEquals(0, eval.exitCode(), eval.err());
    }

    @Test
    void trainFromConfigRepeatsARun() throws IOException {
        Path again = dir.resolve("again");
        CliRunner.Outcome o = CliRunner.run("train", "--config", teacher.resolve("config.json").toString(), "--out", again.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertEquals(Files.readString(teacher.resolve("config.json")), Files.readString(again.resolve("config.json")));
        assertEquals(RunFiles.metricsWithoutTiming(teacher), RunFiles.metricsWithoutTiming(again));
        CliRunner.Outcome version = CliRunner.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().contains("kdlab 0.1.0-SNAPSHOT"), version.out());
    }

    @Test
    void badDataExitsTwoWithOneLineAndWritesNothing() {
        Path out = dir.resolve("bad-data");
        CliRunner.Outcome o = CliRunner.run("train-teacher", "--data", dir.resolve("no-such-dir").toString(), "--epochs", "1", "--out", out.toString());
        assertEquals(2, o.exitCode());
        assertTrue(o.err().startsWith("kdlab: ") && o.err().contains("no-such-dir"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badNoiseExitsTwoWithOneLineAndWritesNothing() {
        Path out = dir.resolve("bad-noise");
        CliRunner.Outcome o = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gausian:0.5",
                "--feature-weight", "1", "--out", out.toString(), "--device", "cpu");
        assertEquals(2, o.exitCode());
        assertTrue(o.err().startsWith("kdlab: ") && o.err().contains("gausian:0.5"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void gpuWithoutGpuExitsTwo() {
        CliRunner.Outcome o = CliRunner.run("train-teacher", "--data", DATA, "--device", "gpu", "--out", dir.resolve("gpu").toString());
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("no GPU is visible"), o.err());
        assertFalse(Files.exists(dir.resolve("gpu")));
    }

    @Test
    void badFlagsExitTwo() {
        assertEquals(2, CliRunner.run("train-teacher", "--data", DATA, "--epochs", "0", "--out", dir.resolve("e0").toString()).exitCode());
        assertEquals(2, CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:abc", "--out", dir.resolve("m").toString()).exitCode());
        CliRunner.Outcome unknown = CliRunner.run("train-teacher", "--nonsense", "--out", dir.resolve("n").toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("--nonsense"), unknown.err());
        CliRunner.Outcome taps = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.1",
                "--feature-weight", "1", "--taps", "hidden9", "--out", dir.resolve("t").toString(), "--device", "cpu");
        assertEquals(2, taps.exitCode());
        assertTrue(taps.err().contains("unknown tap 'hidden9'") && taps.err().contains("hidden1, hidden2"), taps.err());
        assertEquals(2, CliRunner.run().exitCode());
        assertEquals(0, CliRunner.run("--help").exitCode());
    }

    @Test
    void demoWritesTableAndPlot() throws IOException {
        Path out = dir.resolve("demo");
        CliRunner.Outcome o = CliRunner.run("demo", "--data", DATA, "--model", "mlp:16", "--noise-levels", "0.5,1.0",
                "--teacher-epochs", "1", "--student-epochs", "1", "--train-size", "200", "--out", out.toString(), "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("baseline") && o.out().contains("gaussian:0.5") && o.out().contains("gaussian:1.0"), o.out());
        List<String> csv = Files.readAllLines(out.resolve("table.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("noise,level,baseline_accuracy,student_teacher_accuracy"));
        byte[] png = Files.readAllBytes(out.resolve("plot.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals(2, CliRunner.run("demo", "--data", DATA, "--out", out.toString()).exitCode(), "a finished study is not overwritten");
    }

    static Map<String, FileTime> snapshot(Path root) throws IOException {
        Map<String, FileTime> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        }
        return m;
    }
}
