package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same seed gives the same metrics.csv on the CPU, timing aside; another seed does not. */
class ReproducibilityTest {
    static final String DATA = "synthetic:gaussian-mixture,n=500,test=100,d=10,classes=3";

    @TempDir
    Path dir;

    @Test
    void sameSeedSameMetrics() throws IOException {
        Path t = dir.resolve("t");
        assertEquals(0, CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:24", "--epochs", "2", "--seed", "5",
                "--out", t.toString(), "--device", "cpu").exitCode());
        List<List<String>> a = student(t, "a", "9");
        List<List<String>> b = student(t, "b", "9");
        List<List<String>> c = student(t, "c", "10");
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    private List<List<String>> student(Path teacher, String name, String seed) throws IOException {
        Path out = dir.resolve(name);
        CliRunner.Outcome o = CliRunner.run("train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.3",
                "--noise-mode", "fresh", "--feature-weight", "0.5", "--epochs", "3", "--seed", seed, "--out", out.toString(), "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        List<List<String>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(out.resolve("metrics.csv"))) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                List<String> row = new ArrayList<>(rec.toMap().keySet().size());
                for (String col : rec.getParser().getHeaderNames()) {
                    if (!col.equals("seconds")) {
                        row.add(col + "=" + rec.get(col));
                    }
                }
                rows.add(row);
            }
        }
        assertEquals(6, rows.size());
        return rows;
    }
}
