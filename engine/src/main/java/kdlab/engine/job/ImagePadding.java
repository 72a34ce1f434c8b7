package kdlab.engine.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import kdlab.datasets.BatchTransform;

/**
 * Zero-pads image batches to the CIFAR size the CNN families were defined for: a 28×28 Fashion-MNIST
 * image sits in the centre of a 32×32 canvas (2 pixels of zeros on each side). Padding is applied after
 * the noise, so the border stays exactly zero in the noisy view as in the clean one.
 */
public final class ImagePadding implements BatchTransform {
    private final int size;

    /** @param size the target height and width */
    public ImagePadding(int size) {
        this.size = size;
    }

    @Override
    public NDArray[] apply(NDArray clean, NDArray noisy) {
        NDArray c = pad(clean, size);
        return new NDArray[] {c, noisy == clean ? c : pad(noisy, size)};
    }

    /**
     * @param x a batch [N, C, H, W] with H, W ≤ size
     * @param size the target height and width
     * @return the batch in the centre of a zero canvas [N, C, size, size]
     */
    public static NDArray pad(NDArray x, int size) {
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        if (h == size && w == size) {
            return x;
        }
        long top = (size - h) / 2;
        long left = (size - w) / 2;
        NDArray rows = x.getManager().zeros(new Shape(s.get(0), s.get(1), top, w), x.getDataType(), x.getDevice())
                .concat(x, 2)
                .concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), size - h - top, w), x.getDataType(), x.getDevice()), 2);
        return x.getManager().zeros(new Shape(s.get(0), s.get(1), size, left), x.getDataType(), x.getDevice())
                .concat(rows, 3)
                .concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), size, size - w - left), x.getDataType(), x.getDevice()), 3);
    }
}
