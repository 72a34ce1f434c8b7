package kdlab.engine.report;

/**
 * The statistics a report uses, as pure functions on arrays so they are tested directly: means with sample
 * standard deviations over seeds, and an ordinary least-squares slope with its standard error.
 */
public final class Stats {
    private Stats() {}

    /**
     * @param v values
     * @return their mean, NaN for none
     */
    public static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /**
     * @param v values
     * @return the sample standard deviation (divisor n - 1), NaN for fewer than two values
     */
    public static double sampleStd(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /**
     * @param v values
     * @return the standard error of their mean, std / sqrt(n); NaN for fewer than two values
     */
    public static double standardError(double[] v) {
        return sampleStd(v) / Math.sqrt(v.length);
    }

    /**
     * An ordinary least-squares line.
     *
     * @param slope the fitted slope
     * @param standardError its standard error, sqrt(SSE / (n - 2) / Sxx); NaN for fewer than three points
     * @param n the number of points
     */
    public record Fit(double slope, double standardError, int n) {}

    /**
     * @param x the regressor
     * @param y the response, as long as x
     * @return the least-squares slope of y on x and its standard error; a NaN slope when x does not vary
     */
    public static Fit slope(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
        }
        int n = x.length;
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (n < 2 || sxx == 0) {
            return new Fit(Double.NaN, Double.NaN, n);
        }
        double b = sxy / sxx;
        if (n < 3) {
            return new Fit(b, Double.NaN, n);
        }
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - my - b * (x[i] - mx);
            sse += r * r;
        }
        return new Fit(b, Math.sqrt(sse / (n - 2) / sxx), n);
    }
}
