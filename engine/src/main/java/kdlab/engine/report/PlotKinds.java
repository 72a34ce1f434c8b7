package kdlab.engine.report;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.internal.chartpart.Chart;

/** The plot kinds by the name a plot's {@code kind} key gives. */
public final class PlotKinds {
    /** Every kind. */
    public static final Map<String, PlotKind> KINDS = Map.of(
            "points", new PointsPlot(),
            "curve", new CurvePlot(),
            "groups", new GroupsPlot());

    private PlotKinds() {}

    /**
     * @param spec a plot
     * @param runs its sweep's runs
     * @return its chart, or null when there is nothing to draw yet
     */
    public static Chart<?, ?> draw(PlotSpec spec, List<ReportRun> runs) {
        PlotKind kind = KINDS.get(spec.kind());
        if (kind == null) {
            throw spec.error("kind: expected one of " + String.join(", ", new TreeSet<>(KINDS.keySet())) + ", found '" + spec.kind() + "'");
        }
        return kind.draw(spec, runs);
    }

    /**
     * @param spec a plot
     * @param runs its sweep's runs
     * @return the finished runs its {@code where} selects
     */
    static List<ReportRun> selected(PlotSpec spec, List<ReportRun> runs) {
        List<ResultRow> rows = spec.where().apply(runs.stream().map(ReportRun::row).toList(), spec::error);
        return runs.stream().filter(r -> rows.contains(r.row()) && r.row().done()).toList();
    }
}
