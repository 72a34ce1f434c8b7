package kdlab.engine.study.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The closed forms on a 2 × 2 case, against the recurrence iterated by hand and an explicit inverse. */
class KernelPredictionTest {
    private static final DMatrixRMaj H = new DMatrixRMaj(new double[][] {{0.5, 0.25}, {0.25, 0.75}});
    private static final double C = 0.8;

    private static KernelPrediction prediction() {
        return new KernelPrediction(Spectrum.of(H), C);
    }

    @Test
    void theTrajectoryIsTheRecurrenceIterated() {
        // Two outputs (K = 2): each column follows r ← r − c·H·r on its own.
        double[][] r = {{1, -0.5}, {-2, 0.25}};
        DMatrixRMaj r0 = new DMatrixRMaj(r);
        for (int k = 1; k <= 7; k++) {
            double[][] next = new double[2][2];
            for (int col = 0; col < 2; col++) {
                next[0][col] = r[0][col] - C * (0.5 * r[0][col] + 0.25 * r[1][col]);
                next[1][col] = r[1][col] - C * (0.25 * r[0][col] + 0.75 * r[1][col]);
            }
            r = next;
            DMatrixRMaj predicted = prediction().residual(r0, k);
            for (int i = 0; i < 2; i++) {
                for (int col = 0; col < 2; col++) {
                    assertEquals(r[i][col], predicted.get(i, col), 1e-14, "k = " + k + ", [" + i + "][" + col + "]");
                }
            }
            assertEquals(Math.sqrt(r[0][0] * r[0][0] + r[0][1] * r[0][1] + r[1][0] * r[1][0] + r[1][1] * r[1][1]),
                    prediction().residualNorm(r0, k), 1e-14, "norm at k = " + k);
        }
    }

    @Test
    void iterationsToEpsilonAreTheFirstStepBelowIt() {
        DMatrixRMaj r0 = new DMatrixRMaj(new double[][] {{1}, {-2}});
        KernelPrediction p = prediction();
        int k = p.iterationsTo(r0, 0.01, 1000);
        assertEquals(true, p.residualNorm(r0, k) <= 0.01 && p.residualNorm(r0, k - 1) > 0.01, "k = " + k);
        assertEquals(-1, p.iterationsTo(r0, 0.01, k - 1));
        assertEquals(0, p.iterationsTo(r0, 3, 10), "already within ε at the start");
    }

    /** zᵀH⁻¹z with det H = 0.375 − 0.0625 = 5/16, so H⁻¹ = (16/5)·[[0.75, −0.25], [−0.25, 0.5]]. */
    @Test
    void capacityIsTheInverseQuadraticForm() {
        double z0 = 1;
        double z1 = -0.5;
        double quad = 16.0 / 5 * (0.75 * z0 * z0 - 2 * 0.25 * z0 * z1 + 0.5 * z1 * z1);
        assertEquals(Math.sqrt(quad), prediction().capacity(new DMatrixRMaj(new double[][] {{z0}, {z1}})), 1e-13);
    }

    @Test
    void theStepOnTheOutputsIsTwoEtaOverNK() {
        assertEquals(0.5, KernelPrediction.stepSize(128, 256, 2), 0);
    }
}
