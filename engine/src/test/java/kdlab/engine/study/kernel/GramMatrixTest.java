package kdlab.engine.study.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** H∞ against values worked out by hand, and the spectrum against the matrix it came from. */
class GramMatrixTest {
    private static final double S = Math.sqrt(0.5);

    /**
     * e1, e2 and (e1 + e2)/√2: a vector with itself gives cos = 1, angle 0, so 1·π/(2π) = 1/2; e1 with e2 gives 0;
     * e1 with the diagonal gives cos = 1/√2, angle π/4, so (1/√2)(3π/4)/(2π) = 3/(8√2).
     */
    @Test
    void threeUnitVectorsGiveTheHandValues() {
        DMatrixRMaj h = GramMatrix.infinite(new double[][] {{1, 0, 0}, {0, 1, 0}, {S, S, 0}});
        double diagonal = 3 / (8 * Math.sqrt(2));
        double[][] expected = {{0.5, 0, diagonal}, {0, 0.5, diagonal}, {diagonal, diagonal, 0.5}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], h.get(i, j), 1e-15, "H[" + i + "][" + j + "]");
            }
        }
    }

    /** Opposite vectors: cos = −1, angle π, so (−1)(π − π)/(2π) = 0; and a rounding just past ±1 is clipped. */
    @Test
    void oppositeVectorsGiveZero() {
        assertEquals(0, GramMatrix.entry(-1), 1e-15);
        assertEquals(0.5, GramMatrix.entry(1 + 1e-12), 1e-15);
    }

    @Test
    void inputsOffTheSphereAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GramMatrix.infinite(new double[][] {{1, 0}, {1, 1}}));
        assertEquals("Gram matrix: expected unit-norm inputs, found a row of norm 1.4142135623730951", e.getMessage());
    }

    @Test
    void theEigendecompositionReconstructsH() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        double[][] x = new double[12][5];
        for (double[] row : x) {
            double norm = 0;
            for (int j = 0; j < row.length; j++) {
                row[j] = rng.nextDouble() - 0.5;
                norm += row[j] * row[j];
            }
            for (int j = 0; j < row.length; j++) {
                row[j] /= Math.sqrt(norm);
            }
        }
        DMatrixRMaj h = GramMatrix.infinite(x);
        Spectrum s = Spectrum.of(h);
        DMatrixRMaj back = s.reconstruct();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals(h.get(i, j), back.get(i, j), 1e-12, "V diag(λ) Vᵀ [" + i + "][" + j + "]");
            }
        }
        for (int j = 1; j < 12; j++) {
            assertEquals(true, s.values()[j - 1] <= s.values()[j], "ascending eigenvalues");
        }
        // H∞ is positive definite for inputs no two of which are parallel (Du et al., ICLR 2019, Theorem 3.1).
        assertEquals(true, s.values()[0] > 0, "λ_min = " + s.values()[0]);
        DMatrixRMaj vtv = new DMatrixRMaj(12, 12);
        org.ejml.dense.row.CommonOps_DDRM.multTransA(s.vectors(), s.vectors(), vtv);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals(i == j ? 1 : 0, vtv.get(i, j), 1e-12, "VᵀV [" + i + "][" + j + "]");
            }
        }
    }
}
