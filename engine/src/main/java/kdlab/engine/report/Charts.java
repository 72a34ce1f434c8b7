package kdlab.engine.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;

/** Builds XChart charts from {@link Points} and writes them as PNG and SVG. */
final class Charts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    static {
        // Reports are made on machines without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /**
     * Mean ± std at each x: a line chart over numeric x (sorted), else a chart over categories in first-seen
     * order, where a series lacking a category leaves a gap.
     *
     * @param points the values
     * @param title the title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     * @return the chart
     */
    static Chart<?, ?> meanStd(Points points, String title, String xTitle, String yTitle) {
        List<String> xs = points.xs();
        if (points.numericX()) {
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
            for (String s : points.series()) {
                List<String> own = xs.stream().filter(x -> points.at(s, x).n() > 0).sorted(Comparator.comparingDouble(ResultRow::parse)).toList();
                double[] x = own.stream().mapToDouble(ResultRow::parse).toArray();
                double[] y = own.stream().mapToDouble(v -> points.at(s, v).mean()).toArray();
                double[] e = own.stream().mapToDouble(v -> errorBar(points.at(s, v))).toArray();
                chart.addSeries(s, x, y, e);
            }
            widenFlatRange(points, chart.getStyler());
            return chart;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLabelRotation(xs.size() > 4 ? 30 : 0);
        for (String s : points.series()) {
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (String x : xs) {
                MetricStats m = points.at(s, x);
                y.add(m.n() == 0 ? null : m.mean());
                e.add(m.n() == 0 ? null : errorBar(m));
            }
            chart.addSeries(s, xs, y, e);
        }
        widenFlatRange(points, chart.getStyler());
        return chart;
    }

    /**
     * XChart draws no marker when every value is the same (a single run, say): the y range is then empty, so
     * give it a margin around the value.
     */
    private static void widenFlatRange(Points points, org.knowm.xchart.style.AxesChartStyler styler) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String s : points.series()) {
            for (String x : points.xs()) {
                MetricStats m = points.at(s, x);
                if (m.n() > 0) {
                    lo = Math.min(lo, m.mean() - errorBar(m));
                    hi = Math.max(hi, m.mean() + errorBar(m));
                }
            }
        }
        if (hi - lo < 1e-12) {
            double margin = Math.max(0.01, Math.abs(lo) * 0.05);
            styler.setYAxisMin(lo - margin);
            styler.setYAxisMax(hi + margin);
        }
    }

    /** A single run has no spread to show. */
    private static double errorBar(MetricStats m) {
        return Double.isFinite(m.std()) ? m.std() : 0;
    }

    /**
     * @param chart the chart
     * @param dir the plots folder
     * @param name the file name without extension
     * @throws IOException on a write failure
     */
    static void write(Chart<?, ?> chart, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        try (OutputStream out = Files.newOutputStream(dir.resolve(name + ".svg"))) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
    }
}
