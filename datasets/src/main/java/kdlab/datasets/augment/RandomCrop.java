package kdlab.datasets.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import kdlab.datasets.DataException;

/**
 * Zero-pads each image by P pixels on every side and crops a random window of the original size, with
 * offsets drawn independently per example, uniformly from 0..2P in each axis (He et al., CVPR 2016, §4.2:
 * P = 4 on CIFAR). DJL's NDArray random augmentations are not implemented in the PyTorch engine, so the crop
 * is two gathers with per-example index arrays built on the device.
 */
public final class RandomCrop implements Augmentation {
    private final int padding;

    /** @param padding P, ≥ 0; 0 gives the identity */
    public RandomCrop(int padding) {
        if (padding < 0) {
            throw new DataException("augmentation crop: expected a padding P >= 0, found " + padding);
        }
        this.padding = padding;
    }

    /** @return P */
    public int padding() {
        return padding;
    }

    @Override
    public NDArray apply(NDArray batch) {
        Augmentation.checkImages(batch, spec());
        if (padding == 0) {
            return batch.duplicate();
        }
        return apply(batch, batch)[0];
    }

    @Override
    public NDArray[] apply(NDArray clean, NDArray noisy) {
        Augmentation.checkImages(clean, spec());
        if (padding == 0) {
            NDArray c = clean.duplicate();
            return new NDArray[] {c, noisy == clean ? c : noisy.duplicate()};
        }
        NDArray[] offsets = drawOffsets(clean, padding);
        try {
            NDArray c = crop(clean, padding, offsets[0], offsets[1]);
            return new NDArray[] {c, noisy == clean ? c : crop(noisy, padding, offsets[0], offsets[1])};
        } finally {
            offsets[0].close();
            offsets[1].close();
        }
    }

    @Override
    public String spec() {
        return "crop:" + padding;
    }

    /**
     * Draws per-example offsets from libtorch's global generator on the batch's device.
     *
     * @param batch images [N, C, H, W]
     * @param padding P
     * @return {row offsets, column offsets}, int64 [N] each, uniform on 0..2P
     */
    public static NDArray[] drawOffsets(NDArray batch, int padding) {
        long n = batch.getShape().get(0);
        NDManager m = batch.getManager();
        // randomInteger draws on its manager's device; a sub-manager on the batch's device keeps the draw
        // there even when the batch's manager sits elsewhere, and no host copy is made.
        try (NDManager sub = m.newSubManager(batch.getDevice())) {
            NDArray rows = sub.randomInteger(0, 2L * padding + 1, new Shape(n), DataType.INT64);
            NDArray cols = sub.randomInteger(0, 2L * padding + 1, new Shape(n), DataType.INT64);
            rows.attach(m);
            cols.attach(m);
            return new NDArray[] {rows, cols};
        }
    }

    /**
     * Pads by P and crops with the given offsets: out[i, c, a, b] = padded[i, c, rows[i] + a, cols[i] + b].
     *
     * @param batch images [N, C, H, W]
     * @param padding P
     * @param rows int64 [N] row offsets in 0..2P
     * @param cols int64 [N] column offsets in 0..2P
     * @return the crops [N, C, H, W]
     */
    public static NDArray crop(NDArray batch, int padding, NDArray rows, NDArray cols) {
        Shape s = batch.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        long wp = w + 2L * padding;
        NDManager m = batch.getManager();
        // Intermediates (the padded copy, index arrays) go to a scratch manager and are freed on return;
        // tempAttach hands the inputs back to their owners when it closes.
        try (NDManager tmp = m.newSubManager(batch.getDevice())) {
            batch.tempAttach(tmp);
            rows.tempAttach(tmp);
            cols.tempAttach(tmp);
            NDArray padded = PadTo.pad(batch, h + 2L * padding, wp);
            NDArray a = tmp.arange(0, h, 1, DataType.INT64).reshape(1, 1, h, 1);
            NDArray b = tmp.arange(0, w, 1, DataType.INT64).reshape(1, 1, 1, w);
            // Index arrays are broadcast views (expand, no copy) of [N, 1, H, 1] and [N, 1, 1, W].
            NDArray rowIndex = rows.reshape(n, 1, 1, 1).add(a).broadcast(new Shape(n, c, h, wp));
            NDArray band = padded.gather(rowIndex, 2);
            NDArray colIndex = cols.reshape(n, 1, 1, 1).add(b).broadcast(new Shape(n, c, h, w));
            NDArray out = band.gather(colIndex, 3);
            out.attach(m);
            return out;
        }
    }
}
