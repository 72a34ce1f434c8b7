package kdlab.models.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import kdlab.models.ModelFamily;
import kdlab.models.ModelInputException;
import kdlab.models.ModelSpec;
import kdlab.models.ModelSpecException;
import kdlab.models.tap.TappedBlock;

/**
 * A fixed network of {@link CnnZoo}, named alone: {@code resnet8}, {@code wrn_16_2}, {@code
 * MobileNetV2} ... The canonical text is the zoo's spelling of the name.
 *
 * <p>The networks were defined for 32×32 images {@code [C, H, W]}. Smaller images (Fashion-MNIST's
 * 28×28) are zero-padded to 32×32, the image in the centre, by {@link #inputPreparation(Shape)};
 * larger ones and examples that are not images are refused.
 *
 * @param network the network's name, in any case; stored in the zoo's spelling
 */
public record CnnSpec(String network) implements ModelSpec {

    /** The image side the networks were defined for (CIFAR's 32×32). */
    public static final int SIDE = 32;

    /**
     * Validates the name and stores its canonical spelling.
     *
     * @param network the network's name, in any case
     * @throws ModelSpecException if the zoo has no such network; the message lists the names
     */
    public CnnSpec {
        network = CnnZoo.canonicalName(network);
    }

    /** {@inheritDoc} */
    @Override
    public ModelFamily family() {
        return CnnZooFamily.INSTANCE;
    }

    /** {@inheritDoc} */
    @Override
    public String canonical() {
        return network;
    }

    /** {@inheritDoc} */
    @Override
    public List<String> tapNames() {
        return CnnZoo.tapNames(network);
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code bias} is ignored: the layers have biases as their papers' reference code does.
     */
    @Override
    public TappedBlock build(int outputs, boolean bias) {
        return CnnZoo.build(network, outputs);
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code (1, C, 32, 32)}
     */
    @Override
    public Shape inputShape(Shape example) {
        check(example);
        return new Shape(1, example.get(0), SIDE, SIDE);
    }

    /**
     * {@inheritDoc}
     *
     * @return zero-padding to 32×32 ({@link #padCentred}), or empty for 32×32 images
     */
    @Override
    public Optional<UnaryOperator<NDArray>> inputPreparation(Shape example) {
        check(example);
        if (example.get(1) == SIDE && example.get(2) == SIDE) {
            return Optional.empty();
        }
        return Optional.of(x -> padCentred(x, SIDE));
    }

    /**
     * Zero-pads a batch of images to {@code side×side}, each image in the centre; when a margin is
     * odd, the extra row (column) of zeros goes below (right of) the image.
     *
     * @param images a batch {@code [N, C, H, W]} with {@code H, W ≤ side}
     * @param side the target height and width
     * @return a new array {@code [N, C, side, side]} on the batch's manager
     * @throws ModelSpecException if the batch is not {@code [N, C, H, W]} or an image is larger
     */
    public static NDArray padCentred(NDArray images, long side) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(2) > side || s.get(3) > side) {
            throw new ModelSpecException(
                    "image padding",
                    "a batch [N, C, H, W] with H and W at most " + side,
                    s);
        }
        long top = (side - s.get(2)) / 2;
        long left = (side - s.get(3)) / 2;
        NDArray canvas =
                images.getManager()
                        .zeros(
                                new Shape(s.get(0), s.get(1), side, side),
                                images.getDataType(),
                                images.getDevice());
        canvas.set(
                new NDIndex(":, :, {}:{}, {}:{}", top, top + s.get(2), left, left + s.get(3)),
                images);
        return canvas;
    }

    private void check(Shape example) {
        if (example.dimension() != 3 || example.get(1) > SIDE || example.get(2) > SIDE) {
            throw new ModelInputException(
                    network,
                    "image examples [C, H, W] of at most " + SIDE + "x" + SIDE,
                    example,
                    "use an mlp:... model for these data");
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return canonical();
    }
}
