package kdlab.engine.report;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import kdlab.engine.run.AtomicFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes a noise study as a text table, a CSV file and a PNG plot. */
public final class NoiseStudyReport {
    /** The CSV columns. */
    public static final String[] HEADER = {
        "noise", "level", "baseline_accuracy", "student_teacher_accuracy", "baseline_best_epoch", "student_teacher_best_epoch"
    };

    private NoiseStudyReport() {}

    /**
     * @param rows the study
     * @param teacherAccuracy the teacher's clean test accuracy
     * @return a fixed-width table for the terminal and the README
     */
    public static String table(List<NoiseStudyRow> rows, double teacherAccuracy) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "teacher clean test accuracy: %.4f%n", teacherAccuracy));
        sb.append(String.format(Locale.ROOT, "| %-16s | %-17s | %-24s |%n", "noise", "baseline (noisy)", "student-teacher (noisy)"));
        sb.append("|------------------|-------------------|--------------------------|\n");
        for (NoiseStudyRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %-16s | %-17.4f | %-24.4f |%n", r.noise(), r.baselineAccuracy(), r.studentTeacherAccuracy()));
        }
        return sb.toString();
    }

    /**
     * @param file the CSV file, written atomically
     * @param rows the study
     * @throws IOException on a write failure
     */
    public static void writeCsv(Path file, List<NoiseStudyRow> rows) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).build());
            for (NoiseStudyRow r : rows) {
                p.printRecord(r.noise(), r.level(), r.baselineAccuracy(), r.studentTeacherAccuracy(), r.baselineBestEpoch(), r.studentTeacherBestEpoch());
            }
            p.flush();
        });
    }

    /**
     * @param file the PNG file, written atomically
     * @param rows the study
     * @param title the chart title
     * @throws IOException on a write failure
     */
    public static void writePlot(Path file, List<NoiseStudyRow> rows, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(720).height(480).title(title)
                .xAxisTitle("noise level").yAxisTitle("accuracy on noisy test inputs").build();
        double[] x = rows.stream().mapToDouble(NoiseStudyRow::level).toArray();
        chart.addSeries("baseline", x, rows.stream().mapToDouble(NoiseStudyRow::baselineAccuracy).toArray()).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("student-teacher", x, rows.stream().mapToDouble(NoiseStudyRow::studentTeacherAccuracy).toArray()).setMarker(SeriesMarkers.DIAMOND);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, out -> out.write(png));
    }
}
