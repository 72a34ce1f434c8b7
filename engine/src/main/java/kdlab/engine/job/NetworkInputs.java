package kdlab.engine.job;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import kdlab.datasets.DataException;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.augment.Augmentation;
import kdlab.datasets.augment.HorizontalFlip;
import kdlab.datasets.augment.PadTo;
import kdlab.datasets.augment.Pipeline;
import kdlab.datasets.augment.RandomCrop;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;

/**
 * Fits a dataset's batches to a model and a training recipe: the CIFAR CNN families take images [C, H, W]
 * and were defined for 32×32, so smaller images (Fashion-MNIST's 28×28) are zero-padded to 32×32 first;
 * then the user's {@code --augment} pipeline runs (random crop and flip only on training batches).
 * Padding runs before the noise, everything else after it, on the clean and noisy views together; all on
 * the device.
 */
final class NetworkInputs {
    /** The image side the CNN families were defined for. */
    static final int CNN_SIDE = 32;

    private NetworkInputs() {}

    /**
     * Gives a split what the model and the recipe need, in the order {@link DeviceDataset} applies them:
     * the deterministic padding (the CNN families' 32×32 and any {@code pad:SIZE}) before the noise, so
     * the noise corrupts the image the network sees; random crop and flip (training only, the same for
     * both views) and normalisation after it. Noise is attached by the caller afterwards.
     *
     * @param split the split, without noise
     * @param spec the model
     * @param info the data
     * @param augment the --augment spec
     * @param training whether the batches are training batches (random steps apply)
     * @return the split with its fit and transform
     */
    static DeviceDataset prepare(DeviceDataset split, ModelSpec spec, DataInfo info, String augment, boolean training) {
        List<Augmentation> fit = new ArrayList<>();
        List<Augmentation> after = new ArrayList<>();
        if (spec.isNetwork()) {
            check(spec, info);
            Shape s = info.exampleShape();
            if (s.get(1) != CNN_SIDE || s.get(2) != CNN_SIDE) {
                fit.add(new PadTo(CNN_SIDE));
            }
        }
        Pipeline user = pipeline(augment);
        if (!user.steps().isEmpty() && info.exampleShape().dimension() != 3) {
            throw new UsageException("--augment " + augment + ": expected image data [C, H, W], found examples of shape " + info.exampleShape());
        }
        for (Augmentation a : user.steps()) {
            if (a instanceof PadTo) {
                fit.add(a);
            } else if (training || !(a instanceof RandomCrop || a instanceof HorizontalFlip)) {
                after.add(a);
            }
        }
        DeviceDataset d = split;
        if (!fit.isEmpty()) {
            d = d.withFit(new Pipeline(fit)::apply);
        }
        if (!after.isEmpty()) {
            d = d.withTransform(new Pipeline(after));
        }
        return d;
    }

    /**
     * @param augment the --augment spec
     * @return the parsed pipeline
     */
    static Pipeline pipeline(String augment) {
        if (augment == null || augment.isBlank() || "none".equals(augment)) {
            return new Pipeline(List.of());
        }
        try {
            return Pipeline.parse(augment);
        } catch (DataException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--augment: " + e.getMessage(), e);
        }
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
