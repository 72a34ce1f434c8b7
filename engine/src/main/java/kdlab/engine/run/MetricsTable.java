package kdlab.engine.run;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * metrics.csv: one row per epoch and split. The table is small, so every append rewrites the whole file
 * atomically; a crash leaves the previous complete table.
 */
public final class MetricsTable {
    /** The columns that precede the loss terms. */
    public static final List<String> LEADING = List.of("epoch", "phase", "split", "loss");
    /** The columns that follow the loss terms. */
    public static final List<String> TRAILING = List.of("accuracy", "lr", "seconds");

    private final Path file;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param file the CSV file
     * @param termNames the objective's term names, the middle columns
     */
    public MetricsTable(Path file, List<String> termNames) {
        this.file = file;
        List<String> h = new ArrayList<>(LEADING);
        h.addAll(termNames);
        h.addAll(TRAILING);
        this.header = List.copyOf(h);
    }

    /**
     * Opens the table of a run being resumed: rows of epochs after the checkpoint (written just before a
     * crash) are dropped, so the resumed run writes them again exactly once.
     *
     * @param file the CSV file; may be missing for a new run
     * @param termNames the objective's term names
     * @param epochsCompleted the checkpoint's completed epochs
     * @return the table holding the kept rows
     */
    public static MetricsTable resume(Path file, List<String> termNames, int epochsCompleted) {
        MetricsTable table = new MetricsTable(file, termNames);
        if (epochsCompleted == 0 || !java.nio.file.Files.exists(file)) {
            return table;
        }
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8);
                org.apache.commons.csv.CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            if (!parser.getHeaderNames().equals(table.header)) {
                throw new kdlab.engine.UsageException(file + ": expected the columns " + table.header + ", found " + parser.getHeaderNames());
            }
            for (org.apache.commons.csv.CSVRecord rec : parser) {
                if (Integer.parseInt(rec.get(0)) <= epochsCompleted) {
                    table.rows.add(rec.toList());
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new kdlab.engine.UsageException(file + ": cannot read the metrics of the run being resumed (" + e.getMessage() + ")", e);
        }
        return table;
    }

    /** @return the column names */
    public List<String> header() {
        return header;
    }

    /** @return the rows written so far */
    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /**
     * Appends a row and rewrites the file.
     *
     * @param values one value per column, numbers formatted by {@link #number(double)}
     * @throws IOException on a write failure
     */
    public void append(List<String> values) throws IOException {
        if (values.size() != header.size()) {
            throw new IllegalArgumentException("metrics row has " + values.size() + " values for " + header.size() + " columns");
        }
        rows.add(List.copyOf(values));
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build());
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
            printer.flush();
        });
    }

    /**
     * @param v a metric
     * @return the value with enough digits to compare runs exactly
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
