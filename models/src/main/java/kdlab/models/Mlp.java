package kdlab.models;

import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import kdlab.models.tap.TappedBlock;

/**
 * The multilayer perceptron family: fully connected layers with a tap after every hidden
 * activation.
 *
 * <p>The network built is {@code batchFlatten}, then for each hidden layer {@code i = 1..depth}
 * {@code Linear(w_i) → activation → Tap("hidden<i>")}, then {@code Linear(outputs)}. Any input
 * shape {@code [N, ...]} is flattened to {@code [N, d]}, and each layer's input size is taken from
 * the shapes given at initialisation, so the builder needs no input size. With {@link
 * Activation#IDENTITY} the network is a deep linear network.
 */
public final class Mlp {

    /** The prefix of hidden-layer tap names; layer {@code i} (1-based) is {@code hidden<i>}. */
    public static final String HIDDEN_TAP_PREFIX = "hidden";

    private Mlp() {}

    /**
     * Starts a new builder.
     *
     * @return a builder with ReLU activations and biases
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The name of the tap after hidden layer {@code layer}.
     *
     * @param layer the 1-based layer index
     * @return for example {@code "hidden1"}
     * @throws ModelSpecException if {@code layer < 1}
     */
    public static String hiddenTap(int layer) {
        if (layer < 1) {
            throw new ModelSpecException("mlp hidden layer index", "at least 1", layer);
        }
        return HIDDEN_TAP_PREFIX + layer;
    }

    /**
     * The tap names of an MLP with {@code depth} hidden layers, in network order.
     *
     * @param depth the number of hidden layers
     * @return {@code hidden1 ... hidden<depth>}, unmodifiable
     */
    public static List<String> tapNames(int depth) {
        List<String> names = new ArrayList<>(depth);
        for (int i = 1; i <= depth; i++) {
            names.add(hiddenTap(i));
        }
        return Collections.unmodifiableList(names);
    }

    /** Settings of an MLP; {@code setX} are required, {@code optX} optional. */
    public static final class Builder {

        private int[] hiddenWidths;
        private int outputSize;
        private Activation activation = Activation.RELU;
        private boolean bias = true;

        private Builder() {}

        /**
         * Sets the hidden layer widths, input side first; required, at least one.
         *
         * @param widths the width of each hidden layer
         * @return this builder
         */
        public Builder setHiddenWidths(int... widths) {
            this.hiddenWidths = widths == null ? null : widths.clone();
            return this;
        }

        /**
         * Sets the hidden layer widths, input side first; required, at least one.
         *
         * @param widths the width of each hidden layer
         * @return this builder
         */
        public Builder setHiddenWidths(List<Integer> widths) {
            if (widths == null) {
                this.hiddenWidths = null;
                return this;
            }
            int[] copy = new int[widths.size()];
            for (int i = 0; i < copy.length; i++) {
                // A null width becomes 0, which build() then reports with its position.
                Integer width = widths.get(i);
                copy[i] = width == null ? 0 : width;
            }
            this.hiddenWidths = copy;
            return this;
        }

        /**
         * Sets the output size: the number of classes, or the regression target width; required.
         *
         * @param outputSize the output size
         * @return this builder
         */
        public Builder setOutputSize(int outputSize) {
            this.outputSize = outputSize;
            return this;
        }

        /**
         * Sets the hidden activation; {@link Activation#RELU} by default.
         *
         * @param activation the activation
         * @return this builder
         */
        public Builder optActivation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /**
         * Sets whether the linear layers have biases; {@code true} by default.
         *
         * @param bias whether to add biases
         * @return this builder
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return the network, tapped at {@code hidden1 ... hidden<depth>}
         * @throws ModelSpecException if no hidden layer is given, a width is not positive, the
         *     output size is not positive or the activation is null
         */
        public TappedBlock build() {
            if (hiddenWidths == null || hiddenWidths.length == 0) {
                throw new ModelSpecException(
                        "mlp hidden widths: expected at least one hidden layer, found none");
            }
            for (int i = 0; i < hiddenWidths.length; i++) {
                if (hiddenWidths[i] <= 0) {
                    throw new ModelSpecException(
                            "mlp hidden width " + (i + 1), "a positive integer", hiddenWidths[i]);
                }
            }
            if (outputSize <= 0) {
                throw new ModelSpecException("mlp output size", "a positive integer", outputSize);
            }
            if (activation == null) {
                throw new ModelSpecException(
                        "mlp activation", "one of " + Activation.ids(), activation);
            }
            TappedBlock.Builder net = TappedBlock.builder().add(Blocks.batchFlattenBlock());
            for (int i = 0; i < hiddenWidths.length; i++) {
                net.add(Linear.builder().setUnits(hiddenWidths[i]).optBias(bias).build())
                        .add(activation.block())
                        .addTap(hiddenTap(i + 1));
            }
            net.add(Linear.builder().setUnits(outputSize).optBias(bias).build());
            return net.build();
        }
    }
}
