package kdlab.engine.study.kernel;

/**
 * The kernel-pi figures of one cell (docs/studies.md, kernel-pi). Norms are Frobenius norms over the n × K
 * training outputs.
 *
 * @param alpha the teacher's share α
 * @param width the student's width m
 * @param examples n
 * @param classes K
 * @param iterations K_steps, the gradient steps replayed
 * @param step c = 2η/(nK)
 * @param lambdaMin the smallest eigenvalue of H∞
 * @param lambdaMax the largest eigenvalue of H∞
 * @param relativeError per k, ‖u(k) − û(k)‖ / ‖u(0) − z‖: the measured outputs' distance from the prediction as a
 *     fraction of the distance the outputs have to travel
 * @param measuredResidual per k, ‖u(k) − z‖
 * @param predictedResidual per k, ‖û(k) − z‖
 * @param measuredIterations the first k with ‖u(k) − z‖ ≤ ε‖u(0) − z‖, −1 when not reached
 * @param predictedIterations the same from the spectrum, −1 when not reached within the replayed steps
 * @param fitToLabels ‖u(K) − e_y‖, the converged fit's distance to the labels
 * @param teacherToLabels ‖softmax(t) − e_y‖
 * @param fitToTarget ‖u(K) − z‖
 * @param labelNorm ‖e_y‖ = √n, the scale of the fit figures
 * @param capacity √(zᵀH⁻¹z)
 * @param labelCapacity √(e_yᵀH⁻¹e_y), the capacity at α = 0
 * @param testError the student's test error after the last step
 * @param teacherTestError the teacher's test error
 * @param replayLossDifference the largest relative difference between a replayed step's loss and the run's
 *     metrics.csv train loss of the same epoch (NaN when the run has no such rows): small means the replay is the run
 */
public record CellResult(double alpha, int width, int examples, int classes, int iterations, double step, double lambdaMin, double lambdaMax,
        double[] relativeError, double[] measuredResidual, double[] predictedResidual, int measuredIterations, int predictedIterations,
        double fitToLabels, double teacherToLabels, double fitToTarget, double labelNorm, double capacity, double labelCapacity,
        double testError, double teacherTestError, double replayLossDifference) {
    /** Defensive copies. */
    public CellResult {
        relativeError = relativeError.clone();
        measuredResidual = measuredResidual.clone();
        predictedResidual = predictedResidual.clone();
    }

    /** @return the largest relative error over k */
    public double maxRelativeError() {
        double m = 0;
        for (double e : relativeError) {
            m = Math.max(m, e);
        }
        return m;
    }

    /** @return α·‖softmax(t) − e_y‖, the fit's distance to the labels that the prediction gives at convergence */
    public double predictedFitToLabels() {
        return alpha * teacherToLabels;
    }
}
