package kdlab.models.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import kdlab.models.ModelSpecException;
import org.junit.jupiter.api.Test;

class ChannelShuffleTest {

    @Test
    void interleavesGroups() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 6 channels of one pixel each, valued by channel; with 3 groups of 2 channels
            // [a0 a1 | b0 b1 | c0 c1] becomes [a0 b0 c0 a1 b1 c1].
            NDArray x = manager.arange(12f).reshape(2, 6, 1, 1);
            NDArray y = ChannelShuffle.shuffle(x, 3);
            assertArrayEquals(
                    new float[] {0, 2, 4, 1, 3, 5, 6, 8, 10, 7, 9, 11}, y.toFloatArray());
            assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5},
                    ChannelShuffle.shuffle(manager.arange(6f).reshape(1, 6, 1, 1), 2)
                            .toFloatArray());
            assertSame(x, ChannelShuffle.shuffle(x, 1));
            assertThrows(ModelSpecException.class, () -> ChannelShuffle.shuffle(x, 4));
            assertThrows(
                    ModelSpecException.class,
                    () -> ChannelShuffle.shuffle(manager.zeros(new Shape(6), DataType.FLOAT32), 2));
        }
    }
}
