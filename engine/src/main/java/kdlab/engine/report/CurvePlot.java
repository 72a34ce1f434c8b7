package kdlab.engine.report;

import java.util.List;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * {@code kind: curve}: the validation {@code accuracy} or {@code loss} of metrics.csv against the epoch, mean
 * over the finished runs of each value of {@code series} (the runs that reached an epoch, when early stopping
 * ended some sooner).
 */
final class CurvePlot implements PlotKind {
    /** The metrics.csv columns a curve can draw. */
    static final Set<String> METRICS = Set.of("accuracy", "loss");

    /** {@inheritDoc} */
    @Override
    public Chart<?, ?> draw(PlotSpec spec, List<ReportRun> runs) {
        if (!METRICS.contains(spec.y())) {
            throw spec.error("y: expected accuracy or loss (validation columns of metrics.csv), found '" + spec.y() + "'");
        }
        if (spec.x() != null && !spec.x().equals("epoch")) {
            throw spec.error("x: a curve is drawn against the epoch; expected no x or x: epoch, found '" + spec.x() + "'");
        }
        if (spec.series() != null) {
            ClaimRows.checkColumn(spec.series(), runs.stream().map(ReportRun::row).toList(), spec::error, "series");
        }
        Points points = new Points();
        for (ReportRun r : PlotKinds.selected(spec, runs)) {
            String series = spec.series() == null ? "validation " + spec.y() : spec.series() + "=" + r.row().value(spec.series());
            for (ValidationHistory.Point p : ValidationHistory.read(r.dir().resolve(kdlab.engine.run.RunDirectory.METRICS)).points()) {
                points.add(series, String.valueOf(p.epoch()), ValidationHistory.metric(spec.y(), p));
            }
        }
        if (points.isEmpty()) {
            return null;
        }
        String made = "validation " + spec.y() + " by epoch" + (spec.series() == null ? "" : " per " + spec.series()) + " (mean ± std over seeds)";
        return Charts.meanStd(points, spec.titleOr(made), "epoch", "validation " + spec.y());
    }
}
