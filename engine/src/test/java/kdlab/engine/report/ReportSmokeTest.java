package kdlab.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kdlab.engine.run.Json;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdlab report} through the real entry point on runs that kdlab itself trained (a few seconds). */
class ReportSmokeTest {
    static final String DATA = "synthetic:relu-teacher,n=600,test=200,d=20,classes=4";

    @TempDir
    Path dir;

    @Test
    void reportsRealTeacherAndStudentRuns() throws IOException {
        Path runs = dir.resolve("runs");
        Path teacher = runs.resolve("teacher-run");
        Cli.Outcome t = Cli.run("train-teacher", "--data", DATA, "--model", "mlp:32,32", "--epochs", "2", "--seed", "1",
                "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, t.exitCode(), t.err());
        Path student = runs.resolve("student-run");
        Cli.Outcome s = Cli.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.5", "--feature-weight", "0.5", "--epochs", "2", "--seed", "3",
                "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());

        Path out = dir.resolve("report");
        Cli.Outcome r = Cli.run("report", runs.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("2 runs (2 done, 0 missing)"), r.out());

        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(out.resolve("results.csv"))) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
        }
        assertEquals(List.of("student-run", "teacher-run"), rows.stream().map(x -> x.get("run")).toList());
        JsonNode teacherSummary = Json.MAPPER.readTree(teacher.resolve("summary.json").toFile());
        JsonNode studentSummary = Json.MAPPER.readTree(student.resolve("summary.json").toFile());
        CSVRecord st = rows.get(0);
        assertEquals(teacherSummary.get("test_accuracy").asDouble(), Double.parseDouble(st.get("teacher_test_accuracy")), 0.0);
        assertEquals(studentSummary.get("test_accuracy").asDouble(), Double.parseDouble(st.get("test_accuracy")), 0.0);
        assertEquals(studentSummary.get("test_accuracy_noisy").asDouble(), Double.parseDouble(st.get("test_accuracy_noisy")), 0.0);
        assertEquals("3", st.get("seed"));
        assertEquals("done", st.get("status"));
        assertEquals("", rows.get(1).get("teacher_test_accuracy"), "a teacher has no teacher");
        assertTrue(Double.parseDouble(st.get("last_validation_accuracy")) > 0, st.toString());
        assertTrue(Files.size(out.resolve("plots/test_accuracy.png")) > 0);
        assertTrue(Files.readString(out.resolve("report.md")).contains("kdlab train --config " + student.resolve("config.json")));

        Cli.Outcome again = Cli.run("report", runs.toString(), "--out", out.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("--overwrite"), again.err());
    }
}
