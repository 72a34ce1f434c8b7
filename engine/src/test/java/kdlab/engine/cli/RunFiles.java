package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads run files for comparisons that ignore wall-clock columns. */
final class RunFiles {
    private RunFiles() {}

    /** metrics.csv rows without the seconds column. */
    static List<List<String>> metricsWithoutTiming(Path run) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(run.resolve("metrics.csv"))) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r);
            for (CSVRecord rec : parser) {
                List<String> row = new ArrayList<>();
                for (String col : parser.getHeaderNames()) {
                    if (!col.equals("seconds")) {
                        row.add(col + "=" + rec.get(col));
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Asserts that a resumed run ended exactly as the straight one: metrics.csv rows (timing aside), the
     * final and the best checkpoint byte for byte (parameters, batch-norm statistics, optimizer state,
     * counters), and summary.json.
     */
    static void assertSameRun(Path straight, Path resumed) throws IOException {
        assertEquals(metricsWithoutTiming(straight), metricsWithoutTiming(resumed));
        assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoints/last.ckpt")), Files.readAllBytes(resumed.resolve("checkpoints/last.ckpt")),
                "final parameters, batch-norm statistics, optimizer state and counters");
        assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoints/best.ckpt")), Files.readAllBytes(resumed.resolve("checkpoints/best.ckpt")));
        assertEquals(summaryWithoutTiming(straight), summaryWithoutTiming(resumed));
    }

    /** summary.json without its timing line. */
    static List<String> summaryWithoutTiming(Path run) throws IOException {
        return Files.readAllLines(run.resolve("summary.json")).stream().filter(l -> !l.contains("train_seconds")).toList();
    }
}
