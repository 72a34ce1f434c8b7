package kdlab.engine.study.kernel;

import org.ejml.data.DMatrixRMaj;

/**
 * The infinite-width Gram matrix of the two-layer ReLU network's tangent kernel with respect to its hidden
 * weights (Du, Zhai, Poczós and Singh, ICLR 2019, eq. (4); Arora et al., ICML 2019):
 *
 * <pre>
 *   H∞_ij = E_{w ~ N(0, κ²I)} [ x_iᵀx_j · 1{wᵀx_i ≥ 0} · 1{wᵀx_j ≥ 0} ] = x_iᵀx_j · (π − arccos(x_iᵀx_j)) / (2π)
 * </pre>
 *
 * <p>for unit-norm inputs. For {@code f(x) = (1/√m) Σ_r a_r ReLU(w_rᵀx)} with {@code a_r² = 1}, the Jacobian
 * inner product is {@code ⟨∂f(x_i)/∂W, ∂f(x_j)/∂W⟩ = (1/m) Σ_r x_iᵀx_j 1{w_rᵀx_i ≥ 0} 1{w_rᵀx_j ≥ 0}}, whose
 * mean over the draw is H∞: the 1/√m of the readout makes the 1/m, and the indicator probability
 * (π − θ)/(2π) does not depend on κ, so H∞ is the same for every κ (κ sets only the size of the initial outputs).
 */
public final class GramMatrix {
    private GramMatrix() {}

    /**
     * @param unitInputs n rows of unit norm (the inputs as the network sees them, after its own scaling)
     * @return H∞, n × n, symmetric
     * @throws IllegalArgumentException when rows differ in length or a row is not of unit norm within 1e-4
     */
    public static DMatrixRMaj infinite(double[][] unitInputs) {
        int n = unitInputs.length;
        for (double[] x : unitInputs) {
            if (x.length != unitInputs[0].length) {
                throw new IllegalArgumentException("Gram matrix: rows of different lengths " + unitInputs[0].length + " and " + x.length);
            }
            double norm = Math.sqrt(dot(x, x));
            if (Math.abs(norm - 1) > 1e-4) {
                throw new IllegalArgumentException("Gram matrix: expected unit-norm inputs, found a row of norm " + norm);
            }
        }
        DMatrixRMaj h = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = entry(dot(unitInputs[i], unitInputs[j]));
                h.unsafe_set(i, j, v);
                h.unsafe_set(j, i, v);
            }
        }
        return h;
    }

    /**
     * @param cosine x_iᵀx_j of two unit vectors
     * @return cosine · (π − arccos(cosine)) / (2π), with the cosine clipped to [−1, 1] against rounding
     */
    public static double entry(double cosine) {
        double c = Math.max(-1, Math.min(1, cosine));
        return c * (Math.PI - Math.acos(c)) / (2 * Math.PI);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
