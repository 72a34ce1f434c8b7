package kdlab.engine.cli;

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

    /** summary.json without its timing line. */
    static List<String> summaryWithoutTiming(Path run) throws IOException {
        return Files.readAllLines(run.resolve("summary.json")).stream().filter(l -> !l.contains("train_seconds")).toList();
    }
}
