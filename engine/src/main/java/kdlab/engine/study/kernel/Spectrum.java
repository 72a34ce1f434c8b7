package kdlab.engine.study.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigendecomposition H = V diag(λ) Vᵀ of a symmetric positive semi-definite matrix, eigenvalues ascending,
 * computed by EJML's symmetric QR algorithm: every closed form of the kernel-regime analysis (the trajectory,
 * iterations to ε, zᵀH⁻¹z) is a sum over these directions.
 *
 * @param values the eigenvalues λ_1 ≤ … ≤ λ_n
 * @param vectors V, n × n, column j the unit eigenvector of λ_j
 */
public record Spectrum(double[] values, DMatrixRMaj vectors) {
    /** Defensive copies. */
    public Spectrum {
        values = values.clone();
        vectors = vectors.copy();
    }

    /**
     * @param symmetric a symmetric matrix (not changed)
     * @return its spectrum
     * @throws IllegalStateException when EJML's decomposition does not converge
     */
    public static Spectrum of(DMatrixRMaj symmetric) {
        int n = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalStateException("the symmetric eigendecomposition of a " + n + "x" + n + " Gram matrix did not converge");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> eig.getEigenvalue(i).real));
        double[] values = new double[n];
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            values[j] = eig.getEigenvalue(order[j]).real;
            DMatrixRMaj v = eig.getEigenVector(order[j]);
            for (int i = 0; i < n; i++) {
                vectors.unsafe_set(i, j, v.get(i));
            }
        }
        return new Spectrum(values, vectors);
    }

    /** @return the dimension n */
    public int size() {
        return values.length;
    }

    /** @return V diag(λ) Vᵀ, the matrix again (for checking the decomposition) */
    public DMatrixRMaj reconstruct() {
        DMatrixRMaj scaled = vectors.copy();
        for (int i = 0; i < scaled.numRows; i++) {
            for (int j = 0; j < scaled.numCols; j++) {
                scaled.unsafe_set(i, j, scaled.unsafe_get(i, j) * values[j]);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(size(), size());
        CommonOps_DDRM.multTransB(scaled, vectors, out);
        return out;
    }

    /**
     * @param columns an n × K matrix
     * @return Vᵀ·columns: each column's coordinates in the eigenbasis
     */
    public DMatrixRMaj coordinates(DMatrixRMaj columns) {
        DMatrixRMaj out = new DMatrixRMaj(size(), columns.numCols);
        CommonOps_DDRM.multTransA(vectors, columns, out);
        return out;
    }

    /**
     * @param coordinates an n × K matrix of eigenbasis coordinates
     * @return V·coordinates
     */
    public DMatrixRMaj fromCoordinates(DMatrixRMaj coordinates) {
        DMatrixRMaj out = new DMatrixRMaj(size(), coordinates.numCols);
        CommonOps_DDRM.mult(vectors, coordinates, out);
        return out;
    }
}
