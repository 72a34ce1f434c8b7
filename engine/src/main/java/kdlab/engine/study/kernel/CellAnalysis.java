package kdlab.engine.study.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Compares one replayed run with the kernel-regime prediction: H∞ of its training inputs, the predicted
 * trajectory û(k) = z + (I − cH)^k (u(0) − z) against the measured u(k), iterations to ε, the converged fit and
 * √(zᵀH⁻¹z) (docs/studies.md, kernel-pi).
 */
public final class CellAnalysis {
    /** ε of "iterations to ε", relative to ‖u(0) − z‖. */
    public static final double EPSILON = 0.01;

    private CellAnalysis() {}

    /**
     * @param replay the replayed run
     * @param width the student's width m
     * @param runLosses the run's train loss per epoch from metrics.csv (may be shorter than the replay, or empty)
     * @return the cell's figures
     */
    public static CellResult analyse(Replay replay, int width, double[] runLosses) {
        Spectrum spectrum = Spectrum.of(GramMatrix.infinite(replay.unitInputs()));
        double c = KernelPrediction.stepSize(replay.eta(), replay.examples(), replay.classes());
        KernelPrediction prediction = new KernelPrediction(spectrum, c);
        DMatrixRMaj z = replay.target();
        DMatrixRMaj y = replay.oneHot();
        DMatrixRMaj r0 = minus(replay.outputs().get(0), z);
        double start = NormOps_DDRM.normF(r0);
        int steps = replay.iterations();
        double[] rel = new double[steps + 1];
        double[] measured = new double[steps + 1];
        double[] predicted = new double[steps + 1];
        int measuredIterations = -1;
        int predictedIterations = -1;
        for (int k = 0; k <= steps; k++) {
            DMatrixRMaj rk = minus(replay.outputs().get(k), z);
            DMatrixRMaj pk = prediction.residual(r0, k);
            measured[k] = NormOps_DDRM.normF(rk);
            predicted[k] = NormOps_DDRM.normF(pk);
            rel[k] = NormOps_DDRM.normF(minus(rk, pk)) / start;
            if (measuredIterations < 0 && measured[k] <= EPSILON * start) {
                measuredIterations = k;
            }
            if (predictedIterations < 0 && predicted[k] <= EPSILON * start) {
                predictedIterations = k;
            }
        }
        DMatrixRMaj last = replay.outputs().get(steps);
        double[] lambda = spectrum.values();
        return new CellResult(replay.alpha(), width, replay.examples(), replay.classes(), steps, c, lambda[0], lambda[lambda.length - 1],
                rel, measured, predicted, measuredIterations, predictedIterations,
                NormOps_DDRM.normF(minus(last, y)), NormOps_DDRM.normF(minus(replay.teacher(), y)), NormOps_DDRM.normF(minus(last, z)),
                NormOps_DDRM.normF(y), prediction.capacity(z), prediction.capacity(y), replay.testError(), replay.teacherTestError(),
                lossDifference(replay.trainLoss(), runLosses));
    }

    private static DMatrixRMaj minus(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, a.numCols);
        CommonOps_DDRM.subtract(a, b, out);
        return out;
    }

    private static double lossDifference(double[] replayed, double[] run) {
        int n = Math.min(replayed.length, run.length);
        if (n == 0) {
            return Double.NaN;
        }
        double worst = 0;
        for (int k = 0; k < n; k++) {
            worst = Math.max(worst, Math.abs(replayed[k] - run[k]) / Math.max(Math.abs(run[k]), 1e-12));
        }
        return worst;
    }
}
