package kdlab.engine.report;

import kdlab.engine.cli.CliRunner;

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
        CliRunner.Outcome t = CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:32,32", "--epochs", "2", "--seed", "1",
                "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, t.exitCode(), t.err());
        Path student = runs.resolve("student-run");
        CliRunner.Outcome s = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.5", "--feature-weight", "0.5", "--epochs", "2", "--seed", "3",
                "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());

        Path out = dir.resolve("report");
        CliRunner.Outcome r = CliRunner.run("report", runs.toString(), "--out", out.toString());
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
        // Calibration and agreement: the teacher's figures come from its own summary, the student's from its.
        assertEquals(teacherSummary.get("test_ece").asDouble(), Double.parseDouble(st.get("teacher_test_ece")), 0.0);
        assertEquals(teacherSummary.get("test_loss").asDouble(), Double.parseDouble(st.get("teacher_test_loss")), 0.0);
        assertEquals(studentSummary.get("test_ece").asDouble(), Double.parseDouble(st.get("test_ece")), 0.0);
        double ece = studentSummary.get("test_ece").asDouble();
        assertTrue(ece > 0 && ece < 1, "student ECE " + ece);
        double teacherEce = teacherSummary.get("test_ece").asDouble();
        assertTrue(teacherEce > 0 && teacherEce < 1, "teacher ECE " + teacherEce);
        double agreement = Double.parseDouble(st.get("teacher_agreement"));
        assertEquals(studentSummary.get("teacher_agreement").asDouble(), agreement, 0.0);
        // A fraction of the 200 test inputs. (How far above chance a 2-epoch student agrees is not this test's business:
        // with independently initialised students it was 0.2 on one seed.)
        assertEquals(Math.rint(agreement * 200), agreement * 200, 1e-3, "agreement " + agreement);
        assertTrue(agreement > 0 && agreement <= 1, "agreement " + agreement);
        assertEquals("NaN", teacherSummary.get("teacher_agreement").asText(), "a teacher agrees with no teacher");
        assertEquals("", rows.get(1).get("teacher_agreement"));
        assertTrue(Double.parseDouble(st.get("last_validation_accuracy")) > 0, st.toString());
        assertTrue(Files.size(out.resolve("plots/test_accuracy.png")) > 0);
        assertTrue(Files.readString(out.resolve("report.md")).contains("kdlab train --config " + student.resolve("config.json")));

        CliRunner.Outcome again = CliRunner.run("report", runs.toString(), "--out", out.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("--overwrite"), again.err());
    }
}
