package kdlab.engine.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import kdlab.datasets.Batch;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.Split;
import kdlab.datasets.augment.PadTo;
import kdlab.datasets.noise.Noise;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.cnn.CnnSpec;
import org.junit.jupiter.api.Test;

/**
 * How a run wires a split for a CNN on 28×28 data with {@code --augment crop:4,flip}: padded to 32×32
 * before the noise (the noisy view's border is noisy), cropped and flipped the same way in both views after
 * it (their difference is pure noise, with no shifted copy of the image in it). Then the other families'
 * preparations and the messages for data a model cannot take.
 */
class NetworkInputsTest {
    @Test
    void cnnInputsArePaddedBeforeTheNoiseAndAugmentedTogetherAfterIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray x = m.randomUniform(0f, 1f, new Shape(8, 1, 28, 28));
            DeviceDataset split = DeviceDataset.of(new Split(x, m.arange(0f, 8f)));
            DataInfo info = new DataInfo("test-images", true, 10, new Shape(1, 28, 28));
            DeviceDataset d = NetworkInputs.prepare(split, ModelSpec.parse("resnet8"), info, "crop:4,flip", true)
                    .withFixedNoise(Noise.parse("gaussian:0.5"));
            try (Batch b = d.batches(m, 8, true).next()) {
                assertEquals(new Shape(8, 1, 32, 32), b.noisy().getShape());
                NDArray diff = b.noisy().sub(b.inputs());
                // Same crop and flip in both views: their difference is the noise alone (σ 0.5), or exactly 0
                // where the crop shifted in its zero fill.
                float[] d1 = diff.toFloatArray();
                int nonZero = 0;
                double sq = 0;
                for (float v : d1) {
                    if (v != 0f) {
                        nonZero++;
                        sq += v * v;
                    }
                }
                double sd = Math.sqrt(sq / nonZero);
                assertTrue(sd > 0.45 && sd < 0.55, "the views differ by the noise only, sd " + sd);
                // Padding before the noise: the clean view has zero rows/columns from the pad (or the crop's zero
                // fill); the noisy view has noise at most of those positions.
                NDArray cleanZero = b.inputs().eq(0f);
                float noisyWhereCleanIsZero = b.noisy().mul(cleanZero).abs().sum().getFloat();
                assertTrue(noisyWhereCleanIsZero > 0f, "noise covers the padded border");
                assertTrue(nonZero > 8 * 28 * 28, "noise on more pixels than the unpadded image had: " + nonZero);
            }
        }
    }

    @Test
    void validationBatchesAreNotCroppedOrFlipped() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(4, 1, 28, 28));
            DeviceDataset split = DeviceDataset.of(new Split(x, m.arange(0f, 4f)));
            DataInfo info = new DataInfo("test-images", true, 10, new Shape(1, 28, 28));
            DeviceDataset d = NetworkInputs.prepare(split, ModelSpec.parse("resnet8"), info, "crop:4,flip", false);
            try (Batch b = d.batches(m, 4, false).next()) {
                assertEquals(x.sum().getFloat(), b.inputs().sum().getFloat(), 1e-3f, "padding only: every pixel kept");
                assertEquals(x.get(new NDIndex("0, 0, 0, 0")).getFloat(), b.inputs().get(new NDIndex("0, 0, 2, 2")).getFloat(), 0f);
            }
        }
    }

    @Test
    void theModelsPaddingIsTheDatasetsPadTo() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            for (Shape shape : new Shape[] {new Shape(3, 2, 28, 28), new Shape(2, 1, 29, 30), new Shape(1, 3, 32, 32)}) {
                NDArray x = m.randomUniform(0f, 1f, shape);
                assertArrayEquals(PadTo.pad(x, 32, 32).toFloatArray(), CnnSpec.padCentred(x, 32).toFloatArray(), 0f, shape.toString());
            }
        }
    }

    @Test
    void userPaddingRunsAfterTheNetworksPadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0.5f, 1f, new Shape(2, 1, 28, 28));
            DeviceDataset split = DeviceDataset.of(new Split(x, m.arange(0f, 2f)));
            DataInfo info = new DataInfo("test-images", true, 10, new Shape(1, 28, 28));
            DeviceDataset d = NetworkInputs.prepare(split, ModelSpec.parse("resnet8"), info, "pad:36", false);
            try (Batch b = d.batches(m, 2, false).next()) {
                assertEquals(new Shape(2, 1, 36, 36), b.inputs().getShape());
                assertEquals(x.get(new NDIndex("0, 0, 0, 0")).getFloat(), b.inputs().get(new NDIndex("0, 0, 4, 4")).getFloat(), 0f);
                assertEquals(x.sum().getFloat(), b.inputs().sum().getFloat(), 1e-3f);
            }
        }
    }

    /**
     * The ntk network scales its own inputs onto the unit sphere, so the dataset is left as it is (a teacher of
     * another family beside it sees its own raw inputs) and the network's output does not change when an
     * input is scaled, clean or noisy.
     */
    @Test
    void ntkDataStayRawAndTheNetworkScalesItsInputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray x = m.randomUniform(-2f, 2f, new Shape(6, 5));
            DeviceDataset split = DeviceDataset.of(new Split(x, m.arange(0f, 6f)));
            DataInfo info = new DataInfo("flat", true, 3, new Shape(5));
            ModelSpec spec = ModelSpec.parse("ntk:16");
            assertEquals(new Shape(1, 5), NetworkInputs.shapeFor(spec, info, new Shape(1, 5)));
            DeviceDataset d = NetworkInputs.prepare(split, spec, info, "none", true);
            try (Batch b = d.batches(m, 6, false).next()) {
                assertEquals(x.sum().getFloat(), b.inputs().sum().getFloat(), 0f, "no preparation in the dataset");
            }
            kdlab.models.tap.TappedBlock net = spec.build(3, true);
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 5));
            ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(m, false);
            NDArray f = net.forward(store, new ai.djl.ndarray.NDList(x), false).get(0);
            NDArray g = net.forward(store, new ai.djl.ndarray.NDList(x.mul(7f)), false).get(0);
            assertArrayEquals(f.toFloatArray(), g.toFloatArray(), 1e-5f);
            NDArray zero = net.forward(store, new ai.djl.ndarray.NDList(m.zeros(new Shape(1, 5))), false).get(0);
            assertArrayEquals(new float[] {0, 0, 0}, zero.toFloatArray(), 0f, "a zero input stays zero, never NaN");
        }
    }

    @Test
    void dataANetworkCannotTakeIsAUsageErrorNamingTheData() {
        DataInfo info = new DataInfo("synthetic:flat", true, 3, new Shape(6));
        ModelSpec spec = ModelSpec.parse("resnet20");
        String message = "--model resnet20: expected image examples [C, H, W] of at most 32x32, found examples of shape (6) in synthetic:flat;"
                + " use an mlp:... model for these data";
        assertEquals(message, assertThrows(UsageException.class, () -> NetworkInputs.shapeFor(spec, info, new Shape(1, 6))).getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            DeviceDataset split = DeviceDataset.of(new Split(m.zeros(new Shape(2, 6)), m.arange(0f, 2f)));
            assertEquals(message, assertThrows(UsageException.class, () -> NetworkInputs.prepare(split, spec, info, "none", true)).getMessage());
        }
    }
}
