package kdlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The element-wise nonlinearities a model family can use between its layers. */
public enum Activation {
    /** Rectified linear unit, {@code max(x, 0)}. */
    RELU,
    /** Hyperbolic tangent. */
    TANH,
    /**
     * No nonlinearity: an MLP with this activation is the deep linear network of Saxe et al.
     * (ICLR 2014), whose learning dynamics the deep-linear setting of PAPERS.md studies.
     */
    IDENTITY;

    /**
     * The identifier used in specs and configs: the constant's name in lower case.
     *
     * @return for example {@code "relu"}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The identifiers of all activations, in declaration order.
     *
     * @return for example {@code [relu, tanh, identity]}
     */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Activation::id).toList();
    }

    /**
     * Parses an activation identifier, ignoring case and surrounding blanks.
     *
     * @param text the identifier, for example {@code "ReLU"}
     * @return the activation
     * @throws ModelSpecException if {@code text} is null or names no activation; the message lists
     *     the known identifiers
     */
    public static Activation parse(String text) {
        if (text != null) {
            String id = text.trim().toLowerCase(Locale.ROOT);
            for (Activation activation : values()) {
                if (activation.id().equals(id)) {
                    return activation;
                }
            }
        }
        throw new ModelSpecException("activation", "one of " + ids(), text);
    }

    /**
     * Applies the activation to an array; the function the block of {@link #block()} computes.
     *
     * @param x the pre-activation
     * @return the activation of {@code x}; {@code x} itself for {@link #IDENTITY}
     */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case TANH -> ai.djl.nn.Activation.tanh(x);
            case IDENTITY -> x;
        };
    }

    /**
     * A new parameterless block applying the activation.
     *
     * @return a fresh block; blocks are not shared because DJL records input shapes per block
     */
    public Block block() {
        return switch (this) {
            case RELU -> ai.djl.nn.Activation.reluBlock();
            case TANH -> ai.djl.nn.Activation.tanhBlock();
            case IDENTITY -> Blocks.identityBlock();
        };
    }
}
