package kdlab.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Iterator;
import kdlab.datasets.augment.PadTo;
import kdlab.datasets.noise.Noise;
import org.junit.jupiter.api.Test;

/**
 * Noise corrupts the image the network sees: 28×28 images padded to 32×32 get noise in the padded border
 * too, in fixed and in fresh mode. The first version padded after the noise, so a CNN student saw a clean
 * border around a noisy image; the control case shows that order is observable.
 */
class NoiseAfterFitTest {
    private static DeviceDataset images(NDManager m) {
        NDArray x = m.full(new Shape(6, 1, 28, 28), 0.5f);
        NDArray y = m.arange(0f, 6f);
        return DeviceDataset.of(new Split(x, y));
    }

    /** Standard deviation of the noisy-minus-clean difference over the top two rows (all padding). */
    private static float borderNoise(Batch b) {
        NDArray diff = b.noisy().sub(b.inputs()).get(new NDIndex(":, :, 0:2, :"));
        return (float) Math.sqrt(diff.square().sum().getFloat() / diff.size());
    }

    @Test
    void fixedAndFreshNoiseCoverThePaddedBorder() {
        try (NDManager m = NDManager.newBaseManager()) {
            PadTo pad = new PadTo(32);
            Engine.getInstance().setRandomSeed(3);
            for (DeviceDataset d : new DeviceDataset[] {
                images(m).withFit(pad::apply).withFixedNoise(Noise.parse("gaussian:1")),
                images(m).withFit(pad::apply).withFreshNoise(Noise.parse("gaussian:1"))}) {
                Iterator<Batch> it = d.batches(m, 6, false);
                try (Batch b = it.next()) {
                    assertEquals(new Shape(6, 1, 32, 32), b.inputs().getShape());
                    assertEquals(new Shape(6, 1, 32, 32), b.noisy().getShape());
                    assertEquals(0f, b.inputs().get(new NDIndex(":, :, 0:2, :")).abs().sum().getFloat(), "the clean border is zero padding");
                    float sd = borderNoise(b);
                    assertTrue(sd > 0.8f && sd < 1.2f, "σ = 1 noise in the border, found sd " + sd);
                }
            }
        }
    }

    @Test
    void paddingAfterTheNoiseWouldLeaveTheBorderClean() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            DeviceDataset old = images(m).withFixedNoise(Noise.parse("gaussian:1")).withTransform(new PadTo(32));
            try (Batch b = old.batches(m, 6, false).next()) {
                assertEquals(0f, borderNoise(b), "control: the first version's order gives a clean border");
            }
        }
    }

    @Test
    void aFitAfterTheNoiseIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            DeviceDataset noisy = images(m).withFixedNoise(Noise.parse("gaussian:1"));
            assertThrows(IllegalStateException.class, () -> noisy.withFit(new PadTo(32)::apply));
        }
    }
}
