package kdlab.engine.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * Expected calibration error (Guo, Pleiss, Sun, Weinberger, ICML 2017, eq. 3): the confidence of a prediction
 * is its largest softmax probability; the predictions are put into {@link #BINS} equal-width confidence bins
 * B_m = ((m − 1)/M, m/M], and ECE = Σ_m (|B_m|/N)·|acc(B_m) − conf(B_m)|. SoTeacher (Dong, Liu, Shang, ICLR
 * 2024; PAPERS.md §3) argues that a good teacher approximates the true label distribution, so its calibration
 * is the figure its regularisers should move.
 *
 * <p>The work is split so that a pass over a test set reads the device once: {@link #binSums} gives one batch's
 * per-bin count, correct count and confidence sum as an array the caller adds up on the device, and
 * {@link #ece} turns the summed bins into the figure on the host. Bin edges are compared in float32, so a
 * confidence within rounding of an edge may fall on either side of it.
 */
public final class Calibration {
    /** The number of bins, Guo et al.'s M = 15. */
    public static final int BINS = 15;

    private Calibration() {}

    /**
     * One batch's bins, on the device; no host read.
     *
     * @param probabilities class probabilities, [N, K]
     * @param labels the true classes, [N] (any integer type)
     * @param bins the number of equal-width bins M
     * @return float32 [3, M]: per bin the number of predictions, the number of correct ones, and the sum of their confidences
     */
    public static NDArray binSums(NDArray probabilities, NDArray labels, int bins) {
        NDArray confidence = probabilities.max(new int[] {1});
        NDArray correct = probabilities.argMax(1).eq(labels.toType(DataType.INT64, false).reshape(-1)).toType(DataType.FLOAT32, false);
        // Bin m (0-based) holds m/M < conf <= (m + 1)/M: ceil(conf·M) − 1, with conf = 0 (impossible for a softmax) kept in bin 0.
        NDArray bin = confidence.mul((float) bins).ceil().sub(1f).clip(0, bins - 1).toType(DataType.INT64, false);
        NDArray oneHot = bin.oneHot(bins, DataType.FLOAT32);
        NDArray rows = NDArrays.stack(new ai.djl.ndarray.NDList(confidence.onesLike(), correct, confidence.toType(DataType.FLOAT32, false)));
        return rows.matMul(oneHot);
    }

    /**
     * @param sums per-bin sums as {@link #binSums} lays them out, [3, M] flattened row by row, added over every batch
     * @param bins the number of bins M
     * @return Σ_m (n_m/N)·|acc_m − conf_m| = Σ_m |correct_m − confidence_m| / N over the non-empty bins; NaN for no predictions
     */
    public static double ece(float[] sums, int bins) {
        if (sums.length != 3 * bins) {
            throw new IllegalArgumentException("expected 3 x " + bins + " bin sums, found " + sums.length + " values");
        }
        double total = 0;
        double gap = 0;
        for (int m = 0; m < bins; m++) {
            total += sums[m];
            // An empty bin has correct = confidence = 0 and adds nothing, as its weight n_m/N = 0 says.
            gap += Math.abs(sums[bins + m] - (double) sums[2 * bins + m]);
        }
        return total == 0 ? Double.NaN : gap / total;
    }
}
