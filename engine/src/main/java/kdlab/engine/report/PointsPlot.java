package kdlab.engine.report;

import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * {@code kind: points}: the metric {@code y} against {@code x}, mean ± std over the finished runs at each x
 * (over seeds, once {@code where} and {@code series} fix the other axes), one line per value of
 * {@code series}. x is numeric when all its values read as numbers, else categories in grid order.
 */
final class PointsPlot implements PlotKind {
    /** {@inheritDoc} */
    @Override
    public Chart<?, ?> draw(PlotSpec spec, List<ReportRun> runs) {
        if (spec.x() == null) {
            throw spec.error("x: expected an axis or results column, found none");
        }
        List<ResultRow> rows = runs.stream().map(ReportRun::row).toList();
        ClaimRows.checkColumn(spec.x(), rows, spec::error, "x");
        ClaimRows.checkColumn(spec.y(), rows, spec::error, "y");
        if (spec.series() != null) {
            ClaimRows.checkColumn(spec.series(), rows, spec::error, "series");
        }
        Points points = new Points();
        for (ReportRun r : PlotKinds.selected(spec, runs)) {
            String series = spec.series() == null ? spec.y() : spec.series() + "=" + r.row().value(spec.series());
            points.add(series, r.row().value(spec.x()), r.row().number(spec.y()));
        }
        if (points.isEmpty()) {
            return null;
        }
        String made = spec.y() + " by " + spec.x() + (spec.series() == null ? "" : " per " + spec.series()) + " (mean ± std over seeds)";
        return Charts.meanStd(points, spec.titleOr(made), spec.x(), spec.y());
    }
}
