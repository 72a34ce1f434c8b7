package kdlab.datasets.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import kdlab.datasets.DataException;

/**
 * Deterministic zero-padding of an image batch to SIZE×SIZE, the image in the centre (when the margin is
 * odd, the extra row or column of zeros goes below or right). This is how grayscale 28×28 data — MNIST,
 * Fashion-MNIST, KMNIST, [N, 1, 28, 28] — feeds the CIFAR CNN families, which were defined for 32×32:
 * {@code pad:32} puts 2 pixels of zeros on each side.
 */
public final class PadTo implements Augmentation {
    private final int size;

    /** @param size the target height and width, ≥ 1 */
    public PadTo(int size) {
        if (size < 1) {
            throw new DataException("augmentation pad: expected a size >= 1, found " + size);
        }
        this.size = size;
    }

    /** @return the target height and width */
    public int size() {
        return size;
    }

    /** @return false: the same input always gives the same output */
    @Override
    public boolean random() {
        return false;
    }

    @Override
    public NDArray apply(NDArray batch) {
        Augmentation.checkImages(batch, spec());
        Shape s = batch.getShape();
        if (s.get(2) > size || s.get(3) > size) {
            throw new DataException("augmentation " + spec() + ": expected images of at most " + size + "x" + size + ", found " + s.get(2) + "x"
                    + s.get(3));
        }
        return pad(batch, size, size);
    }

    @Override
    public String spec() {
        return "pad:" + size;
    }

    /**
     * @param x a batch [N, C, H, W] with H ≤ height and W ≤ width
     * @param height the target height
     * @param width the target width
     * @return a new array [N, C, height, width]: x in the centre of a zero canvas
     */
    public static NDArray pad(NDArray x, long height, long width) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        if (h == height && w == width) {
            return x.duplicate();
        }
        long top = (height - h) / 2;
        long left = (width - w) / 2;
        NDManager m = x.getManager();
        NDArray above = m.zeros(new Shape(n, c, top, w), x.getDataType(), x.getDevice());
        NDArray below = m.zeros(new Shape(n, c, height - h - top, w), x.getDataType(), x.getDevice());
        NDArray before = m.zeros(new Shape(n, c, height, left), x.getDataType(), x.getDevice());
        NDArray after = m.zeros(new Shape(n, c, height, width - w - left), x.getDataType(), x.getDevice());
        NDArray column = above.concat(x, 2);
        NDArray tall = column.concat(below, 2);
        NDArray wide = before.concat(tall, 3);
        NDArray out = wide.concat(after, 3);
        for (NDArray t : new NDArray[] {above, below, before, after, column, tall, wide}) {
            t.close();
        }
        return out;
    }
}
