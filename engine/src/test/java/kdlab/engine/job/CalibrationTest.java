package kdlab.engine.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** ECE on hand-made probabilities, against values worked out by hand. */
class CalibrationTest {
    /**
     * Six predictions over three classes, none near a bin edge of M = 15 (width 1/15 ≈ 0.0667):
     * <pre>
     * probabilities       label  conf  correct  bin (0-based, (m/15, (m+1)/15])
     * 0.90 0.05 0.05      0      0.90  yes      13 (0.8667, 0.9333]
     * 0.10 0.85 0.05      0      0.85  no       12 (0.8000, 0.8667]
     * 0.55 0.30 0.15      0      0.55  yes       8 (0.5333, 0.6000]
     * 0.45 0.50 0.05      0      0.50  no        7 (0.4667, 0.5333]
     * 0.92 0.04 0.04      0      0.92  yes      13
     * 0.35 0.27 0.38      2      0.38  yes       5 (0.3333, 0.4000]
     * </pre>
     * ECE = (2/6)|1 − 0.91| + (1/6)|0 − 0.85| + (1/6)|1 − 0.55| + (1/6)|0 − 0.5| + (1/6)|1 − 0.38|
     *     = (0.18 + 0.85 + 0.45 + 0.5 + 0.62) / 6 = 2.6 / 6; bins 0–4, 6, 9–11 and 14 are empty and add nothing.
     */
    static final float[][] PROBABILITIES = {
        {0.90f, 0.05f, 0.05f}, {0.10f, 0.85f, 0.05f}, {0.55f, 0.30f, 0.15f},
        {0.45f, 0.50f, 0.05f}, {0.92f, 0.04f, 0.04f}, {0.35f, 0.27f, 0.38f}};
    static final long[] LABELS = {0, 0, 0, 0, 0, 2};

    @Test
    void binsAndEceOfHandMadeProbabilities() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] sums = Calibration.binSums(m.create(PROBABILITIES), m.create(LABELS), Calibration.BINS).toFloatArray();
            float[] counts = new float[15];
            float[] correct = new float[15];
            float[] confidence = new float[15];
            counts[13] = 2; correct[13] = 2; confidence[13] = 0.90f + 0.92f;
            counts[12] = 1; confidence[12] = 0.85f;
            counts[8] = 1; correct[8] = 1; confidence[8] = 0.55f;
            counts[7] = 1; confidence[7] = 0.50f;
            counts[5] = 1; correct[5] = 1; confidence[5] = 0.38f;
            assertArrayEquals(counts, java.util.Arrays.copyOfRange(sums, 0, 15), 0f, "counts, bin 14 and others empty");
            assertArrayEquals(correct, java.util.Arrays.copyOfRange(sums, 15, 30), 0f);
            assertArrayEquals(confidence, java.util.Arrays.copyOfRange(sums, 30, 45), 1e-6f);
            assertEquals(2.6 / 6, Calibration.ece(sums, Calibration.BINS), 1e-6);
        }
    }

    @Test
    void batchSumsAddUpToTheWholeSet() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(PROBABILITIES);
            NDArray y = m.create(LABELS);
            NDArray whole = Calibration.binSums(p, y, Calibration.BINS);
            NDArray halves = Calibration.binSums(p.get("0:2"), y.get("0:2"), Calibration.BINS)
                    .add(Calibration.binSums(p.get("2:"), y.get("2:"), Calibration.BINS));
            assertEquals(new Shape(3, 15), whole.getShape());
            assertArrayEquals(whole.toFloatArray(), halves.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void twoBinsByHand() {
        // Bins (0, 0.5] and (0.5, 1]: first bin 2 predictions, 1 right, confidences 0.3 + 0.4; second 1 wrong at 0.8.
        // ECE = (2/3)|0.5 − 0.35| + (1/3)|0 − 0.8| = (|1 − 0.7| + |0 − 0.8|) / 3 = 1.1 / 3.
        float[] sums = {2, 1, 1, 0, 0.7f, 0.8f};
        assertEquals(1.1 / 3, Calibration.ece(sums, 2), 1e-6);
    }

    @Test
    void perfectlyCalibratedAndEmptyCases() {
        // Every prediction in bin (0.8, 1] at confidence 0.9, nine of ten right: no gap.
        assertEquals(0.0, Calibration.ece(new float[] {0, 10, 0, 9, 0, 9}, 2), 1e-6);
        assertTrue(Double.isNaN(Calibration.ece(new float[6], 2)), "no predictions");
        assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new float[5], 2));
    }

    @Test
    void fullConfidenceFallsInTheLastBin() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] sums = Calibration.binSums(m.create(new float[][] {{1f, 0f}}), m.create(new long[] {1}), 15).toFloatArray();
            assertEquals(1f, sums[14]);
            assertEquals(1.0, Calibration.ece(sums, 15), 1e-6, "confident and wrong");
        }
    }
}
