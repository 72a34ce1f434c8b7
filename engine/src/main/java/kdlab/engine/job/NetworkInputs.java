package kdlab.engine.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import kdlab.datasets.DataException;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.augment.Augmentation;
import kdlab.datasets.augment.HorizontalFlip;
import kdlab.datasets.augment.PadTo;
import kdlab.datasets.augment.Pipeline;
import kdlab.datasets.augment.RandomCrop;
import kdlab.engine.UsageException;
import kdlab.models.ModelInputException;
import kdlab.models.ModelSpec;

/**
 * Fits a dataset's batches to a model and a training recipe: first the model family's own input preparation
 * ({@link ModelSpec#inputPreparation}: the CIFAR CNN families zero-pad images smaller than 32×32, such as
 * Fashion-MNIST's 28×28; the kernel-regime {@code ntk} family scales each example to unit norm; an MLP takes
 * the examples as they are), then the user's {@code --augment} pipeline (random crop and flip only on
 * training batches). The family's preparation and any {@code pad:SIZE} run before the noise, everything else
 * after it, on the clean and noisy views together; all on the device.
 */
final class NetworkInputs {
    private NetworkInputs() {}

    /**
     * Gives a split what the model and the recipe need, in the order {@link DeviceDataset} applies them:
     * the deterministic fit (the family's preparation, then any {@code pad:SIZE}) before the noise, so the
     * noise corrupts the input the network sees; random crop and flip (training only, the same for both
     * views) and normalisation after it. Noise is attached by the caller afterwards.
     *
     * @param split the split, without noise
     * @param spec the model
     * @param info the data
     * @param augment the --augment spec
     * @param training whether the batches are training batches (random steps apply)
     * @return the split with its fit and transform
     */
    static DeviceDataset prepare(DeviceDataset split, ModelSpec spec, DataInfo info, String augment, boolean training) {
        Optional<UnaryOperator<NDArray>> family = preparation(spec, info);
        List<Augmentation> pads = new ArrayList<>();
        List<Augmentation> after = new ArrayList<>();
        Pipeline user = pipeline(augment);
        if (!user.steps().isEmpty() && info.exampleShape().dimension() != 3) {
            throw new UsageException("--augment " + augment + ": expected image data [C, H, W], found examples of shape " + info.exampleShape());
        }
        for (Augmentation a : user.steps()) {
            if (a instanceof PadTo) {
                pads.add(a);
            } else if (training || !(a instanceof RandomCrop || a instanceof HorizontalFlip)) {
                after.add(a);
            }
        }
        DeviceDataset d = split;
        UnaryOperator<NDArray> fit = fit(family.orElse(null), pads);
        if (fit != null) {
            d = d.withFit(fit);
        }
        if (!after.isEmpty()) {
            d = d.withTransform(new Pipeline(after));
        }
        return d;
    }

    /**
     * @param family the family's preparation, or null
     * @param pads the user's {@code pad:SIZE} steps, run after it
     * @return the whole fit, each step's intermediate freed; null when there is nothing to do
     */
    private static UnaryOperator<NDArray> fit(UnaryOperator<NDArray> family, List<Augmentation> pads) {
        if (pads.isEmpty()) {
            return family;
        }
        Pipeline padding = new Pipeline(pads);
        if (family == null) {
            return padding::apply;
        }
        return x -> {
            try (NDArray prepared = family.apply(x)) {
                return padding.apply(prepared);
            }
        };
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
     * @param shape the one-example input shape of the data, {@code (1, ...example)}
     * @return the input shape the model sees
     */
    static Shape shapeFor(ModelSpec spec, DataInfo info, Shape shape) {
        try {
            return spec.inputShape(shape.slice(1));
        } catch (ModelInputException e) {
            throw usage(spec, info, e);
        }
    }

    private static Optional<UnaryOperator<NDArray>> preparation(ModelSpec spec, DataInfo info) {
        try {
            return spec.inputPreparation(info.exampleShape());
        } catch (ModelInputException e) {
            throw usage(spec, info, e);
        }
    }

    private static UsageException usage(ModelSpec spec, DataInfo info, ModelInputException e) {
        return new UsageException(e.message("--model " + spec.canonical(), info.name()), e);
    }
}
