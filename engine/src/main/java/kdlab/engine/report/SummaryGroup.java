package kdlab.engine.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of summary.csv: the runs of one sweep that share every axis value but the seed.
 *
 * @param sweep the sweep's name
 * @param group the group's label ({@link ResultRow#group()})
 * @param axes the shared axis values
 * @param done finished runs
 * @param missing unfinished runs
 * @param stats each of {@link ResultColumns#SUMMARY_METRICS}, over the finished runs that have it
 */
public record SummaryGroup(String sweep, String group, Map<String, String> axes, int done, int missing, Map<String, MetricStats> stats) {
    /** Defensive copies that keep the order. */
    public SummaryGroup {
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }
}
