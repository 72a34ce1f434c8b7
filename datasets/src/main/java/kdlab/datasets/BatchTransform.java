package kdlab.datasets;

import ai.djl.ndarray.NDArray;

/**
 * Changes a gathered batch on the device: padding, augmentation, normalisation. It receives the clean and
 * the noisy view together so that random augmentations can give both the same crop and flip: a teacher
 * that sees the clean image and a student that sees its noisy version must see the same picture.
 */
@FunctionalInterface
public interface BatchTransform {
    /**
     * @param clean the clean batch [N, C, H, W]
     * @param noisy the noisy batch of the same shape; the same array as {@code clean} when there is no noise
     * @return {transformed clean, transformed noisy}; the same array twice when {@code clean == noisy}
     */
    NDArray[] apply(NDArray clean, NDArray noisy);

    /**
     * Whether two applications to the same batch may differ. A teacher's features on the clean view can be
     * computed once and reused across epochs only where this is false.
     *
     * @return true unless the transform is known to be a fixed function of its input
     */
    default boolean random() {
        return true;
    }
}
