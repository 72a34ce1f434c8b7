package kdlab.models.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import kdlab.models.ModelSpec;
import kdlab.models.ModelSpecException;
import org.junit.jupiter.api.Test;

/** The input preparation of the CNN zoo: images zero-padded to 32×32, centred. */
class CnnSpecTest {

    /** Distinct non-zero values, so a misplaced pixel cannot pass. */
    private static float[] pixels(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    /** The padding by hand: image in rows top..top+h-1 and columns left..left+w-1, zeros around. */
    private static float[] padded(float[] x, int n, int c, int h, int w, int side) {
        int top = (side - h) / 2;
        int left = (side - w) / 2;
        float[] out = new float[n * c * side * side];
        for (int i = 0; i < n * c; i++) {
            for (int r = 0; r < h; r++) {
                for (int q = 0; q < w; q++) {
                    out[(i * side + r + top) * side + q + left] = x[(i * h + r) * w + q];
                }
            }
        }
        return out;
    }

    @Test
    void padsFashionMnistImagesTo32WithTwoZerosOnEachSide() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] x = pixels(2 * 3 * 28 * 28);
            NDArray images = manager.create(x, new Shape(2, 3, 28, 28));
            UnaryOperator<NDArray> prepare =
                    ModelSpec.parse("resnet8").inputPreparation(new Shape(3, 28, 28)).orElseThrow();
            NDArray out = prepare.apply(images);
            assertEquals(new Shape(2, 3, 32, 32), out.getShape());
            assertArrayEquals(padded(x, 2, 3, 28, 28, 32), out.toFloatArray());
            assertArrayEquals(x, images.toFloatArray(), "input untouched");
        }
    }

    @Test
    void anOddMarginPutsTheExtraZerosBelowAndRight() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] x = pixels(29 * 30);
            NDArray out = CnnSpec.padCentred(manager.create(x, new Shape(1, 1, 29, 30)), 32);
            float[] expected = padded(x, 1, 1, 29, 30, 32);
            assertArrayEquals(expected, out.toFloatArray());
            // top = 1, left = 1: the first image pixel is at (1, 1), the last at (29, 30).
            assertEquals(1f, expected[32 + 1]);
            assertEquals(29 * 30, expected[29 * 32 + 30]);
        }
    }

    @Test
    void refusesBatchesThatAreNotSmallImages() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(
                    "image padding: expected a batch [N, C, H, W] with H and W at most 32, found"
                            + " (1, 1, 33, 2)",
                    assertThrows(
                                    ModelSpecException.class,
                                    () -> CnnSpec.padCentred(manager.zeros(new Shape(1, 1, 33, 2)), 32))
                            .getMessage());
        }
    }
}
