package kdlab.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The statistics against values worked out by hand. */
class StatsTest {
    @Test
    void meanAndSampleStd() {
        double[] v = {1, 2, 3, 6};
        assertEquals(3.0, Stats.mean(v), 1e-15);
        // squares of deviations 4 + 1 + 0 + 9 = 14, over n - 1 = 3
        assertEquals(Math.sqrt(14.0 / 3), Stats.sampleStd(v), 1e-15);
        assertEquals(Math.sqrt(14.0 / 3) / 2, Stats.standardError(v), 1e-15);
        assertTrue(Double.isNaN(Stats.sampleStd(new double[] {5})), "one value has no sample std");
        assertTrue(Double.isNaN(Stats.mean(new double[0])));
    }

    @Test
    void slopeAndItsStandardError() {
        // y = 2x + 1 with residuals +1, -1, -1, +1: SSE 4, Sxx 5 (x = 0..3, mean 1.5), se = sqrt(4 / 2 / 5)
        double[] x = {0, 1, 2, 3};
        double[] y = {2, 2, 4, 8};
        Stats.Fit fit = Stats.slope(x, y);
        // Sxy = (-1.5)(-2) + (-0.5)(-2) + 0.5(0) + 1.5(4) = 10; slope 10 / 5 = 2
        assertEquals(2.0, fit.slope(), 1e-12);
        // residuals of y - 4 - 2(x - 1.5): 1, -1, -1, 1
        assertEquals(Math.sqrt(4.0 / 2 / 5), fit.standardError(), 1e-12);
        assertEquals(4, fit.n());
        assertTrue(Double.isNaN(Stats.slope(new double[] {1, 1, 1}, new double[] {1, 2, 3}).slope()), "x that does not vary has no slope");
        assertTrue(Double.isNaN(Stats.slope(new double[] {1, 2}, new double[] {1, 2}).standardError()), "two points have no residual spread");
    }
}
