package kdlab.engine.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * results.csv, one row per run, and timings.csv, its wall times. results.csv holds nothing that depends on the
 * machine or the time (no wall times, no absolute paths), so two reports of the same finished runs are equal
 * byte for byte.
 */
public final class ResultsCsv {
    /** timings.csv's columns. */
    public static final List<String> TIMINGS = List.of(ResultColumns.RUN, ResultColumns.SWEEP, ResultColumns.TRAIN_SECONDS);

    private ResultsCsv() {}

    /**
     * @param header the columns
     * @return the CSV format of every report table: Unix line ends, so the files diff cleanly
     */
    static CSVFormat format(List<String> header) {
        return CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator("\n").build();
    }

    /**
     * @param axes the axis columns
     * @return results.csv's columns
     */
    public static List<String> header(List<String> axes) {
        List<String> h = new ArrayList<>(List.of(ResultColumns.RUN, ResultColumns.SWEEP));
        h.addAll(axes);
        h.addAll(ResultColumns.AFTER_AXES);
        return h;
    }

    /**
     * @param file results.csv
     * @param rows the rows in report order
     * @param axes the axis columns: every sweep's axes but the seed, in first-seen order
     * @throws IOException on a write failure
     */
    public static void write(Path file, List<ResultRow> rows, List<String> axes) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, format(header(axes)))) {
            for (ResultRow r : rows) {
                List<String> row = new ArrayList<>(List.of(r.run(), r.sweep()));
                axes.forEach(a -> row.add(r.axes().getOrDefault(a, "")));
                ResultColumns.AFTER_AXES.forEach(c -> row.add(r.values().getOrDefault(c, "")));
                p.printRecord(row);
            }
        }
    }

    /**
     * @param file timings.csv
     * @param rows the rows in report order
     * @throws IOException on a write failure
     */
    public static void writeTimings(Path file, List<ResultRow> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, format(TIMINGS))) {
            for (ResultRow r : rows) {
                p.printRecord(r.run(), r.sweep(), r.values().getOrDefault(ResultColumns.TRAIN_SECONDS, ""));
            }
        }
    }
}
