package kdlab.engine.study.kernel;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import kdlab.engine.run.AtomicFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The kernel-pi analysis's files: its CSV tables (commons-csv), its PNG plots (XChart), and the run's metrics it reads. */
public final class KernelPiFiles {
    /** One row per analysed cell. */
    public static final String CELLS_CSV = "kernel-pi-cells.csv";
    /** One row per cell and iteration. */
    public static final String TRAJECTORIES_CSV = "kernel-pi-trajectories.csv";
    /** The plots, in the order the report shows them. */
    public static final List<String> PLOTS = List.of("kernel-pi-trajectory.png", "kernel-pi-relative-error.png", "kernel-pi-iterations.png",
            "kernel-pi-fit.png", "kernel-pi-capacity.png");

    private static final String[] CELL_HEADER = {
        "cell", "teacher", "seed", "alpha", "width", "n", "classes", "steps", "c", "lambda_min", "lambda_max", "max_relative_error",
        "iterations_measured", "iterations_predicted", "fit_to_labels", "alpha_teacher_to_labels", "fit_to_target", "label_norm",
        "capacity", "label_capacity", "test_error", "teacher_test_error", "replay_vs_run_loss"
    };

    private KernelPiFiles() {}

    /**
     * @param metrics a run's metrics.csv
     * @return the train loss of each epoch in order (empty when the file is missing)
     * @throws IOException when it cannot be read
     */
    public static double[] trainLosses(Path metrics) throws IOException {
        if (!Files.isRegularFile(metrics)) {
            return new double[0];
        }
        List<Double> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(metrics)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                if ("train".equals(rec.get("split"))) {
                    out.add(Double.parseDouble(rec.get("loss")));
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * @param dir the report directory
     * @param rows the analysed cells
     * @throws IOException on a write failure
     */
    public static void writeCsv(Path dir, List<KernelPiRow> rows) throws IOException {
        AtomicFiles.write(dir.resolve(CELLS_CSV), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(CELL_HEADER).build());
            for (KernelPiRow row : rows) {
                CellResult r = row.result();
                p.printRecord(row.cell(), row.teacher(), row.seed(), r.alpha(), r.width(), r.examples(), r.classes(), r.iterations(), r.step(),
                        r.lambdaMin(), r.lambdaMax(), r.maxRelativeError(), r.measuredIterations(), r.predictedIterations(), r.fitToLabels(),
                        r.predictedFitToLabels(), r.fitToTarget(), r.labelNorm(), r.capacity(), r.labelCapacity(), r.testError(),
                        r.teacherTestError(), r.replayLossDifference());
            }
            p.flush();
        });
        AtomicFiles.write(dir.resolve(TRAJECTORIES_CSV), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                    .setHeader("cell", "k", "residual_measured", "residual_predicted", "relative_error").build());
            for (KernelPiRow row : rows) {
                CellResult r = row.result();
                for (int k = 0; k <= r.iterations(); k++) {
                    p.printRecord(row.cell(), k, r.measuredResidual()[k], r.predictedResidual()[k], r.relativeError()[k]);
                }
            }
            p.flush();
        });
    }

    /**
     * Writes {@link #PLOTS}: for one cell per width (the first seed, the good teacher where there is one, the α
     * nearest 0.5) the residual ‖u(k) − z‖ measured and predicted and the relative error; then, over all cells,
     * iterations to ε measured against predicted, the converged fit against α‖t − y‖, and √(zᵀH⁻¹z) against the
     * test error at the largest width.
     *
     * @param dir the report directory
     * @param rows the analysed cells
     * @throws IOException on a write failure
     */
    public static void writePlots(Path dir, List<KernelPiRow> rows) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<Integer, KernelPiRow> shown = new TreeMap<>();
        for (KernelPiRow r : rows) {
            KernelPiRow s = shown.get(r.result().width());
            if (s == null || preference(r) < preference(s)) {
                shown.put(r.result().width(), r);
            }
        }
        XYChart trajectory = chart("Residual ||u(k) - z||: measured (solid) and kernel prediction (dashed)", "iteration k", "||u(k) - z||");
        trajectory.getStyler().setYAxisLogarithmic(true);
        XYChart error = chart("Trajectory error ||u(k) - u_pred(k)|| / ||u(0) - z||", "iteration k", "relative error");
        for (KernelPiRow r : shown.values()) {
            CellResult c = r.result();
            double[] k = new double[c.iterations() + 1];
            for (int i = 0; i < k.length; i++) {
                k[i] = i;
            }
            String label = "m=" + c.width() + " " + r.teacher() + " alpha=" + c.alpha();
            trajectory.addSeries(label + " measured", k, floor(c.measuredResidual())).setMarker(SeriesMarkers.NONE);
            XYSeries p = trajectory.addSeries(label + " predicted", k, floor(c.predictedResidual()));
            p.setMarker(SeriesMarkers.NONE);
            p.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            error.addSeries(label, k, c.relativeError()).setMarker(SeriesMarkers.NONE);
        }
        save(dir.resolve(PLOTS.get(0)), trajectory);
        save(dir.resolve(PLOTS.get(1)), error);

        XYChart iterations = scatter("Iterations to eps = " + CellAnalysis.EPSILON + " ||u(0) - z||", "predicted from the spectrum of H", "measured");
        for (var e : group(rows, r -> r.result().measuredIterations() >= 0 && r.result().predictedIterations() >= 0, r -> "m=" + r.result().width())
                .entrySet()) {
            iterations.addSeries(e.getKey(), e.getValue().stream().mapToDouble(r -> r.result().predictedIterations()).toArray(),
                    e.getValue().stream().mapToDouble(r -> r.result().measuredIterations()).toArray());
        }
        save(dir.resolve(PLOTS.get(2)), iterations);

        int wide = KernelPiVerdicts.wide(rows);
        Predicate<KernelPiRow> atWide = r -> r.result().width() == wide;
        XYChart fit = scatter("Converged fit, m=" + wide + ": ||u(K) - y|| against alpha ||t - y||", "alpha ||t - y||", "||u(K) - y||");
        XYChart capacity = scatter("m=" + wide + ": sqrt(z^T H^-1 z) against test error", "sqrt(z^T H^-1 z)", "test error");
        for (var e : group(rows, atWide, KernelPiRow::teacher).entrySet()) {
            fit.addSeries(e.getKey(), e.getValue().stream().mapToDouble(r -> r.result().predictedFitToLabels()).toArray(),
                    e.getValue().stream().mapToDouble(r -> r.result().fitToLabels()).toArray());
            capacity.addSeries(e.getKey(), e.getValue().stream().mapToDouble(r -> r.result().capacity()).toArray(),
                    e.getValue().stream().mapToDouble(r -> r.result().testError()).toArray());
        }
        save(dir.resolve(PLOTS.get(3)), fit);
        save(dir.resolve(PLOTS.get(4)), capacity);
    }

    /** Lower is shown first: the good teacher, then α nearest 0.5, then the first seed. */
    private static double preference(KernelPiRow r) {
        return (KernelPiVerdicts.GOOD.equals(r.teacher()) ? 0 : 1000) + 10 * Math.abs(r.result().alpha() - 0.5) + (r.seed().equals("0") ? 0 : 1);
    }

    private static Map<String, List<KernelPiRow>> group(List<KernelPiRow> rows, Predicate<KernelPiRow> keep,
            java.util.function.Function<KernelPiRow, String> key) {
        return rows.stream().filter(keep).collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }

    /** A log axis cannot show 0: residuals that reach it exactly are drawn at 1e-12. */
    private static double[] floor(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 1e-12);
        }
        return out;
    }

    private static XYChart chart(String title, String x, String y) {
        return new XYChartBuilder().width(800).height(520).title(title).xAxisTitle(x).yAxisTitle(y).build();
    }

    private static XYChart scatter(String title, String x, String y) {
        XYChart c = chart(title, x, y);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return c;
    }

    private static void save(Path file, XYChart chart) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            // XChart refuses to draw a chart without series; an empty analysis leaves the plot out.
            return;
        }
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, out -> out.write(png));
    }
}
