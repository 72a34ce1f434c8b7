package kdlab.models.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import kdlab.models.ModelSpecException;
import kdlab.models.fold.ConvBnPair;
import kdlab.models.fold.FoldableBlock;
import kdlab.models.tap.TappedBlock;

/**
 * The wide residual network WRN-d-k of Zagoruyko and Komodakis (BMVC 2016), as used by the
 * distillation benchmarks ({@code wrn_16_1}, {@code wrn_16_2}, {@code wrn_40_1}, {@code
 * wrn_40_2}); no dropout.
 *
 * <p>A 3×3 stem convolution with 16 filters (no batch normalisation or ReLU after it), three
 * stages of {@code n = (d − 4) / 6} pre-activation blocks with {@code 16k, 32k, 64k} filters, the
 * second and third starting with stride 2, then BN, ReLU, global average pooling and a linear
 * classifier. A block computes {@code a = ReLU(BN(x))}, {@code conv3x3(ReLU(BN(conv3x3(a))))} and
 * adds {@code x}, or a 1×1 convolution of {@code a} where the block changes the channel count.
 * Convolutions have no bias.
 *
 * <p>Because the blocks are pre-activation, stage outputs carry no ReLU of their own; the final
 * BN and ReLU form the {@code head}. Taps, with shapes for a {@code [N, 3, 32, 32]} input:
 *
 * <ul>
 *   <li>{@code stem} — the stem convolution's output, {@code [N, 16, 32, 32]}
 *   <li>{@code stage1} — {@code [N, 16k, 32, 32]}
 *   <li>{@code stage2} — {@code [N, 32k, 16, 16]}
 *   <li>{@code stage3} — {@code [N, 64k, 8, 8]}
 *   <li>{@code head_pre}, {@code head} — the final BN's output before and after the ReLU, {@code
 *       [N, 64k, 8, 8]}
 *   <li>{@code pool} — {@code [N, 64k]}
 * </ul>
 */
public final class WideResNet {

    private WideResNet() {}

    /**
     * Starts a new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a wide ResNet; all are required. */
    public static final class Builder {

        private int depth;
        private int widenFactor;
        private int numClasses;

        private Builder() {}

        /**
         * Sets the depth d, {@code 6n + 4} with {@code n ≥ 1}: 10, 16, 22, 28, 40, …
         *
         * @param depth the depth
         * @return this builder
         */
        public Builder setDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets the widening factor k.
         *
         * @param widenFactor a positive factor
         * @return this builder
         */
        public Builder setWidenFactor(int widenFactor) {
            this.widenFactor = widenFactor;
            return this;
        }

        /**
         * Sets the number of classes.
         *
         * @param numClasses the classifier's output size
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return the uninitialised network with the taps of the class documentation
         * @throws ModelSpecException if the depth is not {@code 6n + 4}, or the widening factor
         *     or the number of classes is not positive
         */
        public TappedBlock build() {
            if (depth < 10 || (depth - 4) % 6 != 0) {
                throw new ModelSpecException(
                        "wrn depth", "6n + 4 with n >= 1 (10, 16, 22, 28, 40)", depth);
            }
            Layers.checkPositive("wrn widen factor", widenFactor);
            Layers.checkPositive("wrn number of classes", numClasses);
            int n = (depth - 4) / 6;
            int[] widths = {16 * widenFactor, 32 * widenFactor, 64 * widenFactor};
            TappedBlock.Builder net =
                    TappedBlock.builder().add(Layers.conv(16, 3, 1, 1)).addTap("stem");
            int in = 16;
            for (int stage = 1; stage <= 3; stage++) {
                for (int i = 0; i < n; i++) {
                    int stride = stage > 1 && i == 0 ? 2 : 1;
                    net.add(new PreActBlock(in, widths[stage - 1], stride));
                    in = widths[stage - 1];
                }
                net.addTap("stage" + stage);
            }
            return Layers.poolAndClassify(net.add(Layers.bn())
                    .addTap("head_pre")
                    .add(Layers.relu())
                    .addTap("head"), numClasses);
        }
    }

    /** The pre-activation block of a wide ResNet; see the class documentation. */
    static final class PreActBlock extends AbstractBlock implements FoldableBlock {

        private static final byte VERSION = 1;

        final int inChannels;
        final Block bn1;
        final Block conv1;
        final Block bn2;
        final Block conv2;
        /**
         * {@code conv1} and {@code bn2}: conv1's output goes only into bn2. The other batch
         * norm acts on the block's input, which is no convolution's output alone (the residual
         * sum or the stem, which is tapped), so it stays.
         */
        final ConvBnPair pair;
        /** The 1×1 projection of the activated input, or null where the shortcut is {@code x}. */
        final Block shortcut;

        PreActBlock(int inChannels, int channels, int stride) {
            super(VERSION);
            this.inChannels = inChannels;
            pair = Layers.convBnPair(channels, 3, stride, 1);
            bn1 = addChildBlock("bn1", Layers.bn());
            conv1 = addChildBlock("conv1", pair.conv());
            bn2 = addChildBlock("bn2", pair.bn());
            conv2 = addChildBlock("conv2", Layers.conv(channels, 3, 1, 1));
            if (inChannels == channels && stride != 1) {
                // The reference code would add x to an output of another size here.
                throw new ModelSpecException(
                        "wrn block with " + channels + " channels",
                        "stride 1 where input and output widths agree",
                        stride);
            }
            shortcut =
                    inChannels != channels
                            ? addChildBlock("shortcut", Layers.conv(channels, 1, stride, 1))
                            : null;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            NDArray x = inputs.singletonOrThrow();
            NDArray a = ai.djl.nn.Activation.relu(Layers.apply(bn1, ps, x, training, p));
            NDArray out = ai.djl.nn.Activation.relu(Layers.apply(pair, ps, a, training, p));
            out = Layers.apply(conv2, ps, out, training, p);
            NDArray residual = shortcut == null ? x : Layers.apply(shortcut, ps, a, training, p);
            return new NDList(out.add(residual));
        }

        @Override
        public List<ConvBnPair> convBnPairs() {
            return List.of(pair);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return Layers.shapeChain(inputs, bn1, conv1, bn2, conv2);
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            Layers.checkChannels("wrn block", inputShapes, inChannels);
            Layers.initChain(manager, dataType, inputShapes, bn1, conv1, bn2, conv2);
            if (shortcut != null) {
                shortcut.initialize(manager, dataType, inputShapes);
            }
        }
    }
}
