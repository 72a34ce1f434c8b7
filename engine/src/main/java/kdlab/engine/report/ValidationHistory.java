package kdlab.engine.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kdlab.engine.UsageException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The validation rows of a run's metrics.csv: the last one fills results.csv's last_validation columns, all
 * of them draw curve plots. Columns are found by name, because the loss-term columns between {@code loss} and
 * {@code accuracy} differ from run to run.
 *
 * @param points one per validation row, in file order
 */
public record ValidationHistory(List<Point> points) {
    /** The split whose rows are kept. */
    static final String VALIDATION = "validation";

    /**
     * One validation row.
     *
     * @param epoch the epoch (1-based)
     * @param accuracy validation accuracy (NaN for regression)
     * @param loss validation loss
     */
    public record Point(int epoch, double accuracy, double loss) {}

    /** Defensive copy. */
    public ValidationHistory {
        points = List.copyOf(points);
    }

    /**
     * @param metrics a metrics.csv; a missing file gives an empty history
     * @return its validation rows
     * @throws UsageException naming the file when it cannot be parsed
     */
    public static ValidationHistory read(Path metrics) {
        if (!Files.isRegularFile(metrics)) {
            return new ValidationHistory(List.of());
        }
        List<Point> points = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(metrics, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            for (String column : List.of("epoch", "split", "loss", "accuracy")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new UsageException(metrics + ": expected a column '" + column + "', found the columns " + parser.getHeaderNames());
                }
            }
            for (CSVRecord rec : parser) {
                if (VALIDATION.equals(rec.get("split"))) {
                    points.add(new Point(Integer.parseInt(rec.get("epoch")), ResultRow.parse(rec.get("accuracy")), ResultRow.parse(rec.get("loss"))));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(metrics + ": not a readable metrics table (" + e.getMessage() + ")", e);
        }
        return new ValidationHistory(points);
    }

    /**
     * @param metric "accuracy" or "loss"
     * @param p a point
     * @return that metric of the point
     */
    static double metric(String metric, Point p) {
        return "loss".equals(metric) ? p.loss() : p.accuracy();
    }
}
