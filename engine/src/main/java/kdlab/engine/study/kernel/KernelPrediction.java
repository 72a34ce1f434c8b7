package kdlab.engine.study.kernel;

import org.ejml.data.DMatrixRMaj;

/**
 * The kernel-regime prediction for full-batch gradient descent on kdlab's {@code pi_mse} loss (PAPERS.md §2.3;
 * docs/studies.md, kernel-pi): the training outputs u (n × K) move as
 *
 * <pre>
 *   u(k) − z = (I − c·H)^k (u(0) − z),   z = (1 − α)·e_y + α·softmax(t),   c = 2η / (nK)
 * </pre>
 *
 * <p>Why c: kdlab's loss is a mean over the batch and the K outputs, L = (1/(nK)) Σ_{i,k} (u_ik − z_ik)² plus a
 * constant, so ∂L/∂u = 2(u − z)/(nK); one step W ← W − η∇_W L moves u by −η J Jᵀ ∂L/∂u to first order, and
 * J Jᵀ → H∞ per output as m → ∞ (the outputs' kernels decouple: their fixed signs are independent, so the cross
 * terms have mean 0). PAPERS.md's ½Σ_i form has c = η; the mean and the missing ½ give the factor 2/(nK).
 *
 * @param spectrum the spectrum of H∞
 * @param step c = 2η/(nK), the step on u per unit of H
 */
public record KernelPrediction(Spectrum spectrum, double step) {
    /**
     * @param eta the optimizer's learning rate η (plain SGD, no momentum, no weight decay, full batch)
     * @param examples n, the training examples
     * @param outputs K, the outputs (classes)
     * @return c = 2η/(nK)
     */
    public static double stepSize(double eta, int examples, int outputs) {
        return 2 * eta / ((double) examples * outputs);
    }

    /**
     * @param initialResidual u(0) − z, n × K
     * @param k the iteration
     * @return the predicted u(k) − z = V diag((1 − cλ)^k) Vᵀ (u(0) − z)
     */
    public DMatrixRMaj residual(DMatrixRMaj initialResidual, int k) {
        DMatrixRMaj p = spectrum.coordinates(initialResidual);
        scale(p, k);
        return spectrum.fromCoordinates(p);
    }

    private void scale(DMatrixRMaj coordinates, int k) {
        double[] lambda = spectrum.values();
        for (int j = 0; j < coordinates.numRows; j++) {
            double f = Math.pow(1 - step * lambda[j], k);
            for (int c = 0; c < coordinates.numCols; c++) {
                coordinates.unsafe_set(j, c, coordinates.unsafe_get(j, c) * f);
            }
        }
    }

    /**
     * @param initialResidual u(0) − z
     * @param k the iteration
     * @return the predicted ‖u(k) − z‖_F, from the spectrum: sqrt(Σ_j (1 − cλ_j)^{2k} ‖v_jᵀ(u(0) − z)‖²)
     */
    public double residualNorm(DMatrixRMaj initialResidual, int k) {
        DMatrixRMaj p = spectrum.coordinates(initialResidual);
        scale(p, k);
        return org.ejml.dense.row.NormOps_DDRM.normF(p);
    }

    /**
     * @param initialResidual u(0) − z
     * @param epsilon the threshold on ‖u(k) − z‖_F
     * @param max the last iteration looked at
     * @return the first k ≤ max with a predicted residual norm ≤ ε, or −1 when none
     */
    public int iterationsTo(DMatrixRMaj initialResidual, double epsilon, int max) {
        for (int k = 0; k <= max; k++) {
            if (residualNorm(initialResidual, k) <= epsilon) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The norm √(zᵀH⁻¹z) that bounds the distance the weights travel and the generalisation gap (Arora et al., ICML
     * 2019, Theorem 5.1), summed over the K columns: √(Σ_c Σ_j (v_jᵀz_c)²/λ_j).
     *
     * @param targets z, n × K
     * @return the norm; infinite when H has an eigenvalue ≤ 0 (two parallel inputs)
     */
    public double capacity(DMatrixRMaj targets) {
        DMatrixRMaj p = spectrum.coordinates(targets);
        double[] lambda = spectrum.values();
        double s = 0;
        for (int j = 0; j < p.numRows; j++) {
            if (!(lambda[j] > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            for (int c = 0; c < p.numCols; c++) {
                s += p.unsafe_get(j, c) * p.unsafe_get(j, c) / lambda[j];
            }
        }
        return Math.sqrt(s);
    }
}
