package kdlab.engine.report;

/**
 * A metric over the seeds of one group.
 *
 * @param mean the mean (NaN when n = 0)
 * @param std the sample standard deviation, divisor n - 1 (NaN when n &lt; 2)
 * @param n the finished runs with a value
 */
public record MetricStats(double mean, double std, int n) {
    /**
     * @param values the values
     * @return their statistics
     */
    public static MetricStats of(double[] values) {
        return new MetricStats(Stats.mean(values), Stats.sampleStd(values), values.length);
    }
}
