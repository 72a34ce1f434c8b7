package kdlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import kdlab.models.tap.TappedBlock;

/**
 * A model described by a short string, as written on the command line and in configs: the options
 * of one {@link ModelFamily}, validated.
 *
 * <p>{@link #parse(String)} hands the text to the family {@link ModelFamilies} registers for its
 * head (the text before the first {@code :}). The families and their forms:
 *
 * <ul>
 *   <li>{@code mlp:W1[,W2...][:ACTIVATION]}, for example {@code mlp:512,256} or {@code
 *       mlp:64:identity}: a multilayer perceptron ({@link MlpSpec}); the activation defaults to
 *       {@code relu};
 *   <li>{@code ntk:WIDTH[:kappa=K]}, for example {@code ntk:2048}: the two-layer network of the
 *       kernel regime ({@link kdlab.models.ntk.NtkSpec}); κ defaults to 1;
 *   <li>a network of {@link kdlab.models.cnn.CnnZoo} written by its name alone, in any case, for
 *       example {@code resnet20} or {@code mobilenetv2} ({@link kdlab.models.cnn.CnnSpec}).
 * </ul>
 *
 * <p>{@link #canonical()} writes every default out, so a recorded spec keeps its meaning should a
 * default ever change; every implementation's {@code toString()} returns it. A spec also says what its network needs from the data: the input shape for
 * one example ({@link #inputShape(Shape)}) and a deterministic preparation of the examples that
 * runs before any noise ({@link #inputPreparation(Shape)}).
 */
public interface ModelSpec {

    /**
     * Parses a spec; the family name and every keyword ignore case, and blanks around each part
     * are ignored.
     *
     * @param spec the spec, for example {@code "mlp:512,256"}, {@code "ntk:2048:kappa=0.5"} or
     *     {@code "resnet8"}
     * @return the spec
     * @throws ModelSpecException naming the part that is wrong, what was expected and what was
     *     found
     */
    static ModelSpec parse(String spec) {
        return ModelFamilies.parse(spec);
    }

    /**
     * The family this spec belongs to.
     *
     * @return the registered family
     */
    ModelFamily family();

    /**
     * The canonical text: {@code parse(canonical())} equals this spec, and equal specs have equal
     * text.
     *
     * @return for example {@code "mlp:512,256:relu"}, {@code "ntk:2048:kappa=1.0"} or {@code
     *     "resnet8"}
     */
    String canonical();

    /**
     * The tap names of the network this spec builds, in network order.
     *
     * @return for example {@code [hidden1, hidden2]}
     */
    List<String> tapNames();

    /**
     * Builds the network.
     *
     * @param outputs the output size: number of classes, or regression target width
     * @param bias whether the linear layers have biases; families whose definition fixes the
     *     biases (the networks of {@link kdlab.models.cnn.CnnZoo}, the bias-free NTK network)
     *     ignore it
     * @return the uninitialised network
     * @throws ModelSpecException if {@code outputs} is not positive
     */
    TappedBlock build(int outputs, boolean bias);

    /**
     * The shape to initialise the network with for examples of a given shape, after {@link
     * #inputPreparation(Shape)}.
     *
     * @param example the shape of one example as the data hold it, without a batch axis, for
     *     example {@code (1, 28, 28)}
     * @return the input shape with a leading batch of 1, for example {@code (1, 1, 32, 32)}; by
     *     default the example's shape behind a batch of 1, for a network that flattens any example
     * @throws ModelInputException if the network cannot take examples of this shape
     */
    default Shape inputShape(Shape example) {
        return new Shape(1).addAll(example);
    }

    /**
     * The deterministic change the network needs its examples to undergo before anything else
     * (noise included) sees them: zero-padding to the size a network was defined for, or
     * normalisation its theory assumes.
     *
     * <p>The operator takes a batch {@code [N, ...example]} and returns a <em>new</em> array
     * {@code [N, ...]} on the batch's manager, leaving its argument untouched (the caller closes
     * both), and closes its own temporaries.
     *
     * @param example the shape of one example as the data hold it, without a batch axis
     * @return the preparation, or empty (the default) when the examples are used as they are
     * @throws ModelInputException if the network cannot take examples of this shape
     */
    default Optional<UnaryOperator<NDArray>> inputPreparation(Shape example) {
        return Optional.empty();
    }
}
