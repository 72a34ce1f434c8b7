package kdlab.engine.job;

import java.math.BigDecimal;

/** Numbers as a log line shows them: 1 rather than 1.0, 0.9 rather than 0.900000. */
final class MetricsNumbers {
    private MetricsNumbers() {}

    static String compact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
