package kdlab.engine.job;

import ai.djl.ndarray.types.Shape;
import kdlab.datasets.BatchTransform;
import kdlab.datasets.DataInfo;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;

/**
 * Fits a dataset's examples to a model family: MLPs take any shape (they flatten), the CIFAR CNN families
 * take images [C, H, W] and were defined for 32×32, so smaller images (Fashion-MNIST's 28×28) are
 * zero-padded to 32×32 on the device.
 */
final class NetworkInputs {
    /** The image side the CNN families were defined for. */
    static final int CNN_SIDE = 32;

    private NetworkInputs() {}

    /**
     * @param spec the model
     * @param info the data
     * @return the transform that adapts batches to the model, or null when none is needed
     */
    static BatchTransform transformFor(ModelSpec spec, DataInfo info) {
        if (!spec.isNetwork()) {
            return null;
        }
        check(spec, info);
        Shape s = info.exampleShape();
        return s.get(1) == CNN_SIDE && s.get(2) == CNN_SIDE ? null : new ImagePadding(CNN_SIDE);
    }

    /**
     * @param spec the model
     * @param info the data
     * @param shape the one-example input shape of the data
     * @return the input shape the model sees
     */
    static Shape shapeFor(ModelSpec spec, DataInfo info, Shape shape) {
        if (!spec.isNetwork()) {
            return shape;
        }
        check(spec, info);
        return new Shape(1, info.exampleShape().get(0), CNN_SIDE, CNN_SIDE);
    }

    private static void check(ModelSpec spec, DataInfo info) {
        Shape s = info.exampleShape();
        if (s.dimension() != 3 || s.get(1) > CNN_SIDE || s.get(2) > CNN_SIDE) {
            throw new UsageException("--model " + spec.canonical() + ": expected image examples [C, H, W] of at most " + CNN_SIDE + "x" + CNN_SIDE
                    + ", found examples of shape " + s + " in " + info.name() + "; use an mlp:... model for these data");
        }
    }
}
