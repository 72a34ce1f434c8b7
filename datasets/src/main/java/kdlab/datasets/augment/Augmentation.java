package kdlab.datasets.augment;

import ai.djl.ndarray.NDArray;
import kdlab.datasets.BatchTransform;
import kdlab.datasets.DataException;

/**
 * A change to an image batch [N, C, H, W], computed on the batch's device. The result belongs to the
 * batch's manager. As a {@link BatchTransform} it changes the clean and the noisy view of a batch with the
 * same random draw.
 */
public interface Augmentation extends BatchTransform {
    /**
     * @param batch images [N, C, H, W]
     * @return the changed batch on the same device and manager
     */
    NDArray apply(NDArray batch);

    /** @return the spec string that {@link Pipeline#parse} reads back */
    String spec();

    /**
     * {@inheritDoc} This default suits deterministic augmentations; random ones override it to draw once.
     */
    @Override
    default NDArray[] apply(NDArray clean, NDArray noisy) {
        NDArray c = apply(clean);
        return new NDArray[] {c, noisy == clean ? c : apply(noisy)};
    }

    /**
     * @param batch the batch given to an augmentation
     * @param who the augmentation's spec, for the message
     * @throws DataException when the batch is not [N, C, H, W]
     */
    static void checkImages(NDArray batch, String who) {
        if (batch.getShape().dimension() != 4) {
            throw new DataException("augmentation " + who + ": expected an image batch [N, C, H, W], found shape " + batch.getShape());
        }
    }
}
