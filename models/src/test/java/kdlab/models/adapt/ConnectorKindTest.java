package kdlab.models.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import kdlab.models.ModelSpecException;
import org.junit.jupiter.api.Test;

/** Connectors map student shapes onto teacher shapes, and refuse shapes they cannot connect. */
class ConnectorKindTest {
    @Test
    void linearMapsWidthsAndComputesXWPlusB() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block c = ConnectorKind.LINEAR.build("hidden1", new Shape(2, 3), new Shape(2, 5));
            c.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            NDArray x = m.create(new float[] {1, 2, 3, -1, 0, 1}, new Shape(2, 3));
            NDArray y = c.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertEquals(new Shape(2, 5), y.getShape());
            NDArray w = c.getParameters().get(0).getValue().getArray();
            NDArray b = c.getParameters().get(1).getValue().getArray();
            assertArrayEquals(x.matMul(w.transpose()).add(b).toFloatArray(), y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void convMapsChannelsAtEqualResolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block c = ConnectorKind.CONV.build("stage1", new Shape(2, 4, 8, 8), new Shape(2, 16, 8, 8));
            c.initialize(m, DataType.FLOAT32, new Shape(2, 4, 8, 8));
            NDArray y = c.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 4, 8, 8))), false).head();
            assertEquals(new Shape(2, 16, 8, 8), y.getShape());
        }
    }

    @Test
    void mismatchedShapesAreRefused() {
        ModelSpecException e = assertThrows(ModelSpecException.class,
                () -> ConnectorKind.CONV.build("stage2", new Shape(1, 4, 8, 8), new Shape(1, 16, 4, 4)));
        assertEquals("--connector conv at tap stage2: expected feature maps [N, C, H, W] of equal H and W, found student (1, 4, 8, 8) and teacher (1, 16, 4, 4)",
                e.getMessage());
        assertThrows(ModelSpecException.class, () -> ConnectorKind.LINEAR.build("t", new Shape(1, 4), new Shape(1, 4, 2, 2)));
        assertEquals("--connector: expected linear or conv, found 'mlp'", assertThrows(ModelSpecException.class, () -> ConnectorKind.parse("mlp")).getMessage());
    }
}
