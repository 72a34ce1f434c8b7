package kdlab.datasets.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import kdlab.datasets.DataException;

/**
 * Mirrors each image left to right independently with probability p (0.5 in the standard CIFAR recipe of
 * He et al., CVPR 2016): {@code where(mask, x.flip(3), x)} with a per-example mask drawn on the device.
 */
public final class HorizontalFlip implements Augmentation {
    private final double probability;

    /** A flip with probability 0.5. */
    public HorizontalFlip() {
        this(0.5);
    }

    /** @param probability the chance that an example is flipped, in [0, 1]; 1 flips every example */
    public HorizontalFlip(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new DataException("augmentation flip: expected a probability in [0, 1], found " + probability);
        }
        this.probability = probability;
    }

    /** @return the chance that an example is flipped */
    public double probability() {
        return probability;
    }

    @Override
    public NDArray apply(NDArray batch) {
        return apply(batch, batch)[0];
    }

    @Override
    public NDArray[] apply(NDArray clean, NDArray noisy) {
        Augmentation.checkImages(clean, spec());
        try (NDArray mask = drawMask(clean, probability)) {
            NDArray c = flip(clean, mask);
            return new NDArray[] {c, noisy == clean ? c : flip(noisy, mask)};
        }
    }

    @Override
    public String spec() {
        return probability == 0.5 ? "flip" : "flip:" + probability;
    }

    /**
     * Draws from libtorch's global generator on the batch's device.
     *
     * @param batch images [N, C, H, W]
     * @param probability the chance of true
     * @return boolean [N, 1, 1, 1], true where an example is to be flipped
     */
    public static NDArray drawMask(NDArray batch, double probability) {
        long n = batch.getShape().get(0);
        // u is in [0, 1), so u < 1 is always true and u < 0 never.
        try (NDArray u = batch.getManager().randomUniform(0f, 1f, new Shape(n, 1, 1, 1), DataType.FLOAT32, batch.getDevice())) {
            return u.lt((float) probability);
        }
    }

    /**
     * @param batch images [N, C, H, W]
     * @param mask boolean [N, 1, 1, 1]
     * @return the batch with the masked examples mirrored along the width axis
     */
    public static NDArray flip(NDArray batch, NDArray mask) {
        // DJL's where does not broadcast; an expanded view of the mask has the batch's shape without a copy.
        try (NDArray mirrored = batch.flip(3); NDArray full = mask.broadcast(batch.getShape())) {
            return NDArrays.where(full, mirrored, batch);
        }
    }
}
