package kdlab.models.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.List;
import kdlab.models.ModelSpecException;
import kdlab.models.fold.ConvBnPair;
import kdlab.models.fold.FoldableBlock;
import kdlab.models.tap.TappedBlock;

/**
 * The CIFAR ResNet of He et al. (CVPR 2016, §4.2) with basic blocks, as used by the distillation
 * benchmarks ({@code resnet8 … resnet110}, {@code resnet8x4}, {@code resnet32x4}).
 *
 * <p>A 3×3 stem convolution with {@code widths[0]} filters, then three stages of {@code n =
 * (depth − 2) / 6} basic blocks with {@code widths[1..3]} filters, the second and third starting
 * with stride 2, then global average pooling and a linear classifier. Convolutions have no bias and
 * are followed by batch normalisation. Where a block changes the shape, the shortcut is a 1×1
 * convolution with batch normalisation, otherwise the identity. This is the paper's option B;
 * its own CIFAR experiments used option A (zero padding), but the benchmarks' code, and so their
 * parameter counts, use the projection. Widths default to {@code 16, 16, 32, 64};
 * the {@code x4} variants use {@code 32, 64, 128, 256}, whose first stage then has a projection
 * shortcut too.
 *
 * <p>Taps, with shapes for a {@code [N, 3, 32, 32]} input and widths {@code w0..w3}:
 *
 * <ul>
 *   <li>{@code stem} — after the stem's ReLU, {@code [N, w0, 32, 32]}
 *   <li>{@code stage1_pre}, {@code stage1} — the last block of stage 1 before and after its final
 *       ReLU, {@code [N, w1, 32, 32]}
 *   <li>{@code stage2_pre}, {@code stage2} — {@code [N, w2, 16, 16]}
 *   <li>{@code stage3_pre}, {@code stage3} — {@code [N, w3, 8, 8]}
 *   <li>{@code pool} — the pooled feature the classifier reads, {@code [N, w3]}
 * </ul>
 */
public final class ResNetCifar {

    private static final int[] DEFAULT_WIDTHS = {16, 16, 32, 64};

    private ResNetCifar() {}

    /**
     * Starts a new builder.
     *
     * @return a builder with widths {@code 16, 16, 32, 64}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a CIFAR ResNet; {@code setX} are required, {@code optX} optional. */
    public static final class Builder {

        private int depth;
        private int numClasses;
        private int[] widths = DEFAULT_WIDTHS.clone();

        private Builder() {}

        /**
         * Sets the depth, {@code 6n + 2} with {@code n ≥ 1}: 8, 14, 20, 32, 44, 56, 110, …
         *
         * @param depth the number of weighted layers
         * @return this builder
         */
        public Builder setDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets the number of classes; required.
         *
         * @param numClasses the classifier's output size
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the widths of the stem and the three stages; {@code 16, 16, 32, 64} by default.
         *
         * @param widths four positive widths
         * @return this builder
         */
        public Builder optWidths(int... widths) {
            this.widths = widths == null ? null : widths.clone();
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return the uninitialised network with the taps of the class documentation
         * @throws ModelSpecException if the depth is not {@code 6n + 2}, there are not four
         *     positive widths or the number of classes is not positive
         */
        public TappedBlock build() {
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new ModelSpecException(
                        "resnet depth", "6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110)", depth);
            }
            if (widths == null || widths.length != 4) {
                throw new ModelSpecException(
                        "resnet widths",
                        "4 widths (stem, stage 1, 2, 3)",
                        widths == null ? null : Arrays.toString(widths));
            }
            for (int i = 0; i < 4; i++) {
                Layers.checkPositive("resnet width " + (i + 1), widths[i]);
            }
            Layers.checkPositive("resnet number of classes", numClasses);
            int n = (depth - 2) / 6;
            TappedBlock.Builder net =
                    TappedBlock.builder()
                            .add(Layers.convBnRelu(widths[0], 3, 1, 1))
                            .addTap("stem");
            int in = widths[0];
            for (int stage = 1; stage <= 3; stage++) {
                int out = widths[stage];
                for (int i = 0; i < n; i++) {
                    int stride = stage > 1 && i == 0 ? 2 : 1;
                    boolean last = i == n - 1;
                    net.add(new BasicBlock(in, out, stride, !last));
                    in = out;
                }
                net.addTap("stage" + stage + "_pre").add(Layers.relu()).addTap("stage" + stage);
            }
            return Layers.poolAndClassify(net, numClasses);
        }
    }

    /**
     * The basic block: {@code conv3x3 → BN → ReLU → conv3x3 → BN}, plus the shortcut, then ReLU
     * unless the block ends a stage (the stage's network adds the ReLU after its {@code _pre} tap).
     */
    static final class BasicBlock extends AbstractBlock implements FoldableBlock {

        private static final byte VERSION = 1;

        final int inChannels;
        final Block conv1;
        final Block bn1;
        final Block conv2;
        final Block bn2;
        final ConvBnPair pair1;
        final ConvBnPair pair2;
        /** The projection shortcut, or null for the identity. */
        final SequentialBlock shortcut;

        final boolean finalRelu;

        BasicBlock(int inChannels, int channels, int stride, boolean finalRelu) {
            super(VERSION);
            this.inChannels = inChannels;
            this.finalRelu = finalRelu;
            pair1 = Layers.convBnPair(channels, 3, stride, 1);
            pair2 = Layers.convBnPair(channels, 3, 1, 1);
            conv1 = addChildBlock("conv1", pair1.conv());
            bn1 = addChildBlock("bn1", pair1.bn());
            conv2 = addChildBlock("conv2", pair2.conv());
            bn2 = addChildBlock("bn2", pair2.bn());
            shortcut =
                    stride != 1 || inChannels != channels
                            ? addChildBlock("shortcut", Layers.convBn(channels, 1, stride, 1))
                            : null;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            NDArray x = inputs.singletonOrThrow();
            NDArray out = ai.djl.nn.Activation.relu(Layers.apply(pair1, ps, x, training, p));
            out = Layers.apply(pair2, ps, out, training, p);
            NDArray residual = shortcut == null ? x : Layers.apply(shortcut, ps, x, training, p);
            out = out.add(residual);
            return new NDList(finalRelu ? ai.djl.nn.Activation.relu(out) : out);
        }

        @Override
        public List<ConvBnPair> convBnPairs() {
            return List.of(pair1, pair2);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return Layers.shapeChain(inputs, conv1, bn1, conv2, bn2);
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            Layers.checkChannels("resnet basic block", inputShapes, inChannels);
            Layers.initChain(manager, dataType, inputShapes, conv1, bn1, conv2, bn2);
            if (shortcut != null) {
                shortcut.initialize(manager, dataType, inputShapes);
            }
        }
    }
}
