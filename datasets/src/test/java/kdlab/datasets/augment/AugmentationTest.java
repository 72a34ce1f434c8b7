package kdlab.datasets.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Iterator;
import kdlab.datasets.Batch;
import kdlab.datasets.DataException;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.Split;
import org.junit.jupiter.api.Test;

/** Crop, flip, normalise and pad on the device: exact identities, offset coverage, seeding, and the spec parser. */
class AugmentationTest {
    private static NDArray random(NDManager m, long... shape) {
        return m.randomUniform(0f, 1f, new Shape(shape));
    }

    @Test
    void flipWithProbabilityOneMirrorsEveryExampleAndTwiceIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            NDArray x = random(m, 4, 3, 5, 6);
            HorizontalFlip always = new HorizontalFlip(1.0);
            NDArray once = always.apply(x);
            assertArrayEquals(x.flip(3).toFloatArray(), once.toFloatArray(), 0f);
            assertFalse(Arrays.equals(x.toFloatArray(), once.toFloatArray()));
            assertEquals(x.getFloat(2, 1, 3, 0), once.getFloat(2, 1, 3, 5), 0f);
            assertArrayEquals(x.toFloatArray(), always.apply(once).toFloatArray(), 0f);
            assertArrayEquals(x.toFloatArray(), new HorizontalFlip(0.0).apply(x).toFloatArray(), 0f);
        }
    }

    @Test
    void randomFlipTwiceWithTheSameSeedIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            int n = 64;
            NDArray x = random(m, n, 2, 3, 4);
            HorizontalFlip flip = new HorizontalFlip();
            Engine.getInstance().setRandomSeed(11);
            NDArray y = flip.apply(x);
            Engine.getInstance().setRandomSeed(11);
            NDArray back = flip.apply(y);
            assertArrayEquals(x.toFloatArray(), back.toFloatArray(), 0f);
            // Each example is either untouched or exactly mirrored, and both happen.
            NDArray mirrored = x.flip(3);
            int flipped = 0;
            for (int i = 0; i < n; i++) {
                float[] yi = y.get(i).toFloatArray();
                boolean same = Arrays.equals(x.get(i).toFloatArray(), yi);
                boolean mirror = Arrays.equals(mirrored.get(i).toFloatArray(), yi);
                assertTrue(same ^ mirror, "example " + i);
                flipped += mirror ? 1 : 0;
            }
            assertTrue(flipped > 16 && flipped < 48, "flipped " + flipped + " of " + n);
        }
    }

    @Test
    void cropWithZeroPaddingIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = random(m, 5, 3, 8, 7);
            NDArray y = new RandomCrop(0).apply(x);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
        }
    }

    @Test
    void cropOffsetsCoverZeroToTwoPInBothAxesAndEachCropIsExact() {
        int n = 2000;
        int p = 4;
        int side = 32;
        int c = 2;
        // Pixel (ch, row, col) holds ch·10000 + row·100 + col + 1, so 0 marks padding and any value names its source.
        float[] image = new float[c * side * side];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < side; r++) {
                for (int col = 0; col < side; col++) {
                    image[(ch * side + r) * side + col] = ch * 10000 + r * 100 + col + 1;
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            NDArray batch = m.create(image, new Shape(1, c, side, side)).broadcast(new Shape(n, c, side, side));
            NDArray out = new RandomCrop(p).apply(batch);
            assertEquals(new Shape(n, c, side, side), out.getShape());
            float[] got = out.toFloatArray();
            int[] rowCounts = new int[2 * p + 1];
            int[] colCounts = new int[2 * p + 1];
            for (int i = 0; i < n; i++) {
                // The centre pixel always comes from the image: it names the source row and column.
                int centre = (int) got[((i * c) * side + side / 2) * side + side / 2] - 1;
                int oy = centre / 100 - side / 2 + p;
                int ox = centre % 100 - side / 2 + p;
                assertTrue(oy >= 0 && oy <= 2 * p && ox >= 0 && ox <= 2 * p, "offsets " + oy + ", " + ox);
                rowCounts[oy]++;
                colCounts[ox]++;
                for (int ch = 0; ch < c; ch++) {
                    for (int a = 0; a < side; a++) {
                        for (int b = 0; b < side; b++) {
                            int sr = oy + a - p;
                            int sc = ox + b - p;
                            float want = sr < 0 || sr >= side || sc < 0 || sc >= side ? 0f : ch * 10000 + sr * 100 + sc + 1;
                            assertEquals(want, got[((i * c + ch) * side + a) * side + b], 0f);
                        }
                    }
                }
            }
            for (int o = 0; o <= 2 * p; o++) {
                assertTrue(rowCounts[o] > 0, "row offset " + o + " never drawn: " + Arrays.toString(rowCounts));
                assertTrue(colCounts[o] > 0, "column offset " + o + " never drawn: " + Arrays.toString(colCounts));
            }
        }
    }

    @Test
    void cleanAndNoisyViewsGetTheSameCropAndFlip() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray clean = random(m, 32, 3, 8, 8).add(0.5f);
            NDArray noisy = clean.mul(2f);
            Pipeline p = Pipeline.parse("crop:2,flip");
            NDArray[] out = p.apply(clean, noisy);
            assertArrayEquals(out[0].mul(2f).toFloatArray(), out[1].toFloatArray(), 0f);
            assertFalse(Arrays.equals(clean.toFloatArray(), out[0].toFloatArray()), "the pipeline changed nothing");
            NDArray[] shared = p.apply(clean, clean);
            assertSame(shared[0], shared[1]);
        }
    }

    @Test
    void normalizeGivesZeroMeanUnitStdPerChannel() {
        Normalize cifar = Normalize.named("cifar10");
        float[] mu = cifar.mean();
        float[] sd = cifar.std();
        int n = 4;
        int hw = 4;
        // Channel ch alternates mu ± sd, so its mean is mu and its population std is sd exactly.
        float[] data = new float[n * 3 * hw];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int k = 0; k < hw; k++) {
                    data[(i * 3 + ch) * hw + k] = mu[ch] + ((i + k) % 2 == 0 ? sd[ch] : -sd[ch]);
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = cifar.apply(m.create(data, new Shape(n, 3, 2, 2)));
            assertEquals(new Shape(n, 3, 2, 2), out.getShape());
            NDArray perChannel = out.transpose(1, 0, 2, 3).reshape(3, -1);
            float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
            float[] meanSquare = perChannel.square().mean(new int[] {1}).toFloatArray();
            for (int ch = 0; ch < 3; ch++) {
                assertEquals(0.0, mean[ch], 1e-5, "mean of channel " + ch);
                assertEquals(1.0, Math.sqrt(meanSquare[ch] - mean[ch] * mean[ch]), 1e-5, "std of channel " + ch);
            }
            DataException e = assertThrows(DataException.class, () -> cifar.apply(m.zeros(new Shape(2, 1, 4, 4))));
            assertEquals("augmentation normalize: expected images with 3 channels to match the constants, found 1 (shape (2, 1, 4, 4))", e.getMessage());
        }
    }

    @Test
    void sameSeedSameAugmentedBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            NDArray x = random(m, 16, 3, 32, 32);
            Pipeline p = Pipeline.parse("crop:4,flip,normalize:cifar10");
            Engine.getInstance().setRandomSeed(42);
            float[] a = p.apply(x).toFloatArray();
            Engine.getInstance().setRandomSeed(42);
            float[] b = p.apply(x).toFloatArray();
            Engine.getInstance().setRandomSeed(43);
            float[] c = p.apply(x).toFloatArray();
            assertArrayEquals(a, b, 0f);
            assertFalse(Arrays.equals(a, c), "another seed gave the same batch");
        }
    }

    @Test
    void padTo32PutsA28By28ImageInTheCentreWithZerosAround() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(1f, 2 * 28 * 28 + 1f).reshape(2, 1, 28, 28);
            NDArray out = new PadTo(32).apply(x);
            assertEquals(new Shape(2, 1, 32, 32), out.getShape());
            assertArrayEquals(x.toFloatArray(), out.get(new NDIndex(":, :, 2:30, 2:30")).toFloatArray(), 0f);
            assertEquals(x.sum().getFloat(), out.sum().getFloat(), 0f);
            float[] v = out.toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int r = 0; r < 32; r++) {
                    for (int col = 0; col < 32; col++) {
                        boolean inside = r >= 2 && r < 30 && col >= 2 && col < 30;
                        float got = v[(i * 32 + r) * 32 + col];
                        assertEquals(inside, got != 0f, "example " + i + " at " + r + ", " + col);
                    }
                }
            }
            DataException e = assertThrows(DataException.class, () -> new PadTo(16).apply(x));
            assertEquals("augmentation pad:16: expected images of at most 16x16, found 28x28", e.getMessage());
        }
    }

    @Test
    void pipelineFeedsDeviceDatasetBatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(10, 1, 28, 28));
            NDArray y = m.arange(0, 10, 1, DataType.INT64);
            DeviceDataset d = DeviceDataset.of(new Split(x, y)).withTransform(Pipeline.parse("pad:32,normalize:0.5:0.25"));
            Iterator<Batch> it = d.batches(m, 4, false);
            try (Batch b = it.next()) {
                assertEquals(new Shape(4, 1, 32, 32), b.inputs().getShape());
                assertSame(b.inputs(), b.noisy());
                assertEquals(2f, b.inputs().getFloat(0, 0, 16, 16), 0f);
                assertEquals(-2f, b.inputs().getFloat(0, 0, 0, 0), 0f);
            }
        }
    }

    @Test
    void specsRoundTrip() {
        assertEquals("crop:4,flip,normalize:cifar10", Pipeline.parse("crop:4, flip, normalize:CIFAR10").spec());
        assertEquals("pad:32,flip:1.0,normalize:0.5/0.25:0.5/0.5", Pipeline.parse("pad:32,flip:1,normalize:0.5/0.25:0.5/0.5").spec());
        assertEquals("none", Pipeline.parse("none").spec());
        assertTrue(Pipeline.parse("").steps().isEmpty());
        Pipeline p = Pipeline.parse("crop:4,flip,normalize:cifar100");
        assertEquals(3, p.steps().size());
        assertEquals(4, ((RandomCrop) p.steps().get(0)).padding());
        assertEquals(0.5, ((HorizontalFlip) p.steps().get(1)).probability());
        assertArrayEquals(new float[] {0.5071f, 0.4867f, 0.4408f}, ((Normalize) p.steps().get(2)).mean());
    }

    @Test
    void badSpecsNameTheItem() {
        assertEquals("--augment 'crop:4,rotate': unknown augmentation 'rotate'; expected " + Pipeline.FORMS,
                assertThrows(DataException.class, () -> Pipeline.parse("crop:4,rotate")).getMessage());
        assertEquals("--augment 'crop': missing the value after 'crop:'; expected " + Pipeline.FORMS,
                assertThrows(DataException.class, () -> Pipeline.parse("crop")).getMessage());
        assertEquals("--augment 'crop:x': expected a number after 'crop:', found 'x'",
                assertThrows(DataException.class, () -> Pipeline.parse("crop:x")).getMessage());
        assertEquals("--augment 'crop:-1': augmentation crop: expected a padding P >= 0, found -1",
                assertThrows(DataException.class, () -> Pipeline.parse("crop:-1")).getMessage());
        assertEquals("--augment 'flip:2': augmentation flip: expected a probability in [0, 1], found 2.0",
                assertThrows(DataException.class, () -> Pipeline.parse("flip:2")).getMessage());
        assertTrue(assertThrows(DataException.class, () -> Pipeline.parse("normalize:imagenet")).getMessage()
                .contains("unknown dataset 'imagenet'; expected one of cifar10, cifar100, mnist, fashion-mnist"));
        assertTrue(assertThrows(DataException.class, () -> Pipeline.parse("normalize:0.5/0.5:0.1")).getMessage()
                .contains("expected as many means as stds (at least one), found 2 means and 1 stds"));
        assertTrue(assertThrows(DataException.class, () -> Pipeline.parse("crop:4,,flip")).getMessage().contains("empty item"));
    }
}
