package kdlab.engine.report;

import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * {@code kind: groups}: the metric {@code y}, mean ± std over seeds, for each summary group (every axis value
 * but the seed) as a category. The plot a sweep without {@code plots} gets, with y = test_accuracy.
 */
final class GroupsPlot implements PlotKind {
    /** {@inheritDoc} */
    @Override
    public Chart<?, ?> draw(PlotSpec spec, List<ReportRun> runs) {
        ClaimRows.checkColumn(spec.y(), runs.stream().map(ReportRun::row).toList(), spec::error, "y");
        Points points = new Points();
        for (ReportRun r : PlotKinds.selected(spec, runs)) {
            points.add(spec.y(), r.row().group(), r.row().number(spec.y()));
        }
        if (points.isEmpty()) {
            return null;
        }
        return Charts.meanStd(points, spec.titleOr(spec.y() + " by group (mean ± std over seeds)"), "group", spec.y());
    }
}
