package kdlab.engine.report;

import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/** One way to draw a plot spec; each is a small class registered by name in {@link PlotKinds}. */
public interface PlotKind {
    /**
     * @param spec the plot
     * @param runs the runs of the plot's sweep, finished or not
     * @return the chart, or null when no finished run has a value to draw
     * @throws kdlab.engine.UsageException naming the plot when its axes or metric exist in no run
     */
    Chart<?, ?> draw(PlotSpec spec, List<ReportRun> runs);
}
