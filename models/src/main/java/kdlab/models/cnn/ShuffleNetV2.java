package kdlab.models.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.List;
import kdlab.models.ModelSpecException;
import kdlab.models.fold.ConvBnPair;
import kdlab.models.fold.FoldableBlock;
import kdlab.models.tap.TappedBlock;

/**
 * ShuffleNet V2 (Ma et al., ECCV 2018) in the CIFAR form of the distillation benchmarks ({@code
 * ShuffleV2}: the 1× network, stage widths 116, 232, 464, head width 1024, with 3, 7, 3 basic units
 * after each stage's down-sampling unit).
 *
 * <p>A 1×1 stem convolution to 24 channels with BN and ReLU (no stride, no max pooling), three
 * stages, a 1×1 convolution with BN and ReLU to the head width, global average pooling and a
 * linear classifier. A stage starts with a down-sampling unit, whose two branches {@code 3×3
 * depthwise conv (stride 2) → BN → 1×1 conv → BN → ReLU} and {@code 1×1 conv → BN → ReLU → 3×3
 * depthwise conv (stride 2) → BN → 1×1 conv → BN → ReLU} each give half the stage width and are
 * concatenated and shuffled with 2 groups. A basic unit splits its input's channels in halves,
 * keeps the first, passes the second through {@code 1×1 conv → BN → ReLU → 3×3 depthwise conv → BN
 * → 1×1 conv → BN → ReLU}, concatenates and shuffles. Convolutions have no bias.
 *
 * <p>Taps, with shapes for a {@code [N, 3, 32, 32]} input at the defaults:
 *
 * <ul>
 *   <li>{@code stem} — {@code [N, 24, 32, 32]}
 *   <li>{@code stage1_pre}, {@code stage1} — the stage's last unit before and after its final
 *       ReLU, {@code [N, 116, 16, 16]}
 *   <li>{@code stage2_pre}, {@code stage2} — {@code [N, 232, 8, 8]}
 *   <li>{@code stage3_pre}, {@code stage3} — {@code [N, 464, 4, 4]}
 *   <li>{@code head_pre}, {@code head} — the head convolution's BN output before and after ReLU,
 *       {@code [N, 1024, 4, 4]}
 *   <li>{@code pool} — {@code [N, 1024]}
 * </ul>
 *
 * <p>Deviation: the benchmarks' code returns a stage's pre-activation feature unshuffled, so its
 * channels are in another order than the stage output's; here {@code stageN_pre} is shuffled like
 * {@code stageN}, channel for channel, and {@code stageN = ReLU(stageN_pre)} exactly (the kept
 * half is a ReLU output already).
 */
public final class ShuffleNetV2 {

    /** The stem's width, fixed by the architecture. */
    static final int STEM_WIDTH = 24;

    private ShuffleNetV2() {}

    /**
     * Starts a new builder.
     *
     * @return a builder with the benchmarks' {@code ShuffleV2} settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a ShuffleNet V2; {@code setX} are required, {@code optX} optional. */
    public static final class Builder {

        private int numClasses;
        private int[] widths = {116, 232, 464, 1024};
        private int[] units = {3, 7, 3};

        private Builder() {}

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
         * Sets the three stage widths and the head width; {@code 116, 232, 464, 1024} (the 1×
         * network) by default; {@code 48, 96, 192, 1024} is the 0.5× network.
         *
         * @param widths four widths, the stage widths even
         * @return this builder
         */
        public Builder optWidths(int... widths) {
            this.widths = widths == null ? null : widths.clone();
            return this;
        }

        /**
         * Sets the number of basic units after each stage's down-sampling unit; {@code 3, 7, 3}
         * by default.
         *
         * @param units three counts, each at least 1
         * @return this builder
         */
        public Builder optUnits(int... units) {
            this.units = units == null ? null : units.clone();
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return the uninitialised network with the taps of the class documentation
         * @throws ModelSpecException if a setting is missing or not positive, or a stage width is
         *     odd
         */
        public TappedBlock build() {
            Layers.checkPositive("shufflenetv2 number of classes", numClasses);
            if (widths == null || widths.length != 4) {
                throw new ModelSpecException(
                        "shufflenetv2 widths",
                        "4 widths (3 stages, head)",
                        widths == null ? null : Arrays.toString(widths));
            }
            if (units == null || units.length != 3) {
                throw new ModelSpecException(
                        "shufflenetv2 units",
                        "3 counts",
                        units == null ? null : Arrays.toString(units));
            }
            for (int i = 0; i < 3; i++) {
                if (widths[i] <= 0 || widths[i] % 2 != 0) {
                    throw new ModelSpecException(
                            "shufflenetv2 width of stage " + (i + 1),
                            "a positive even number",
                            widths[i]);
                }
                Layers.checkPositive("shufflenetv2 units of stage " + (i + 1), units[i]);
            }
            Layers.checkPositive("shufflenetv2 head width", widths[3]);
            TappedBlock.Builder net =
                    TappedBlock.builder()
                            .add(Layers.convBnRelu(STEM_WIDTH, 1, 1, 1))
                            .addTap("stem");
            int in = STEM_WIDTH;
            for (int stage = 1; stage <= 3; stage++) {
                int width = widths[stage - 1];
                net.add(new DownUnit(in, width));
                for (int i = 0; i < units[stage - 1]; i++) {
                    net.add(new BasicUnit(width, i < units[stage - 1] - 1));
                }
                net.addTap("stage" + stage + "_pre").add(Layers.relu()).addTap("stage" + stage);
                in = width;
            }
            return Layers.poolAndClassify(net.add(Layers.convBn(widths[3], 1, 1, 1))
                    .addTap("head_pre")
                    .add(Layers.relu())
                    .addTap("head"), numClasses);
        }
    }

    /** The basic unit: split, transform the second half, concatenate, shuffle. */
    static final class BasicUnit extends AbstractBlock implements FoldableBlock {

        private static final byte VERSION = 1;

        final int channels;
        final boolean finalRelu;
        final Block conv1;
        final Block bn1;
        final Block conv2;
        final Block bn2;
        final Block conv3;
        final Block bn3;
        final List<ConvBnPair> pairs;

        BasicUnit(int channels, boolean finalRelu) {
            super(VERSION);
            this.channels = channels;
            this.finalRelu = finalRelu;
            int half = channels / 2;
            pairs =
                    List.of(
                            Layers.convBnPair(half, 1, 1, 1),
                            Layers.convBnPair(half, 3, 1, half),
                            Layers.convBnPair(half, 1, 1, 1));
            conv1 = addChildBlock("conv1", pairs.get(0).conv());
            bn1 = addChildBlock("bn1", pairs.get(0).bn());
            conv2 = addChildBlock("conv2", pairs.get(1).conv());
            bn2 = addChildBlock("bn2", pairs.get(1).bn());
            conv3 = addChildBlock("conv3", pairs.get(2).conv());
            bn3 = addChildBlock("bn3", pairs.get(2).bn());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            NDArray x = inputs.singletonOrThrow();
            int half = channels / 2;
            NDArray kept = x.get(new NDIndex(":, :{}", half));
            NDArray out = x.get(new NDIndex(":, {}:", half));
            out = ai.djl.nn.Activation.relu(Layers.apply(pairs.get(0), ps, out, training, p));
            out = Layers.apply(pairs.get(1), ps, out, training, p);
            out = Layers.apply(pairs.get(2), ps, out, training, p);
            // Without the final ReLU the network applies it after the shuffle; that is the same
            // function because the kept half is the output of a ReLU already.
            if (finalRelu) {
                out = ai.djl.nn.Activation.relu(out);
            }
            return new NDList(ChannelShuffle.shuffle(NDArrays.concat(new NDList(kept, out), 1), 2));
        }

        @Override
        public List<ConvBnPair> convBnPairs() {
            return pairs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return inputs;
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            Layers.checkChannels("shufflenetv2 basic unit", inputShapes, channels);
            Shape s = inputShapes[0];
            Shape half = new Shape(s.get(0), channels / 2, s.get(2), s.get(3));
            Layers.initChain(
                    manager, dataType, new Shape[] {half}, conv1, bn1, conv2, bn2, conv3, bn3);
        }
    }

    /** The down-sampling unit: two stride-2 branches, concatenated and shuffled. */
    static final class DownUnit extends AbstractBlock implements FoldableBlock {

        private static final byte VERSION = 1;

        final int inChannels;
        final Block conv1;
        final Block bn1;
        final Block conv2;
        final Block bn2;
        final Block conv3;
        final Block bn3;
        final Block conv4;
        final Block bn4;
        final Block conv5;
        final Block bn5;
        final List<ConvBnPair> pairs;

        DownUnit(int inChannels, int outChannels) {
            super(VERSION);
            this.inChannels = inChannels;
            int mid = outChannels / 2;
            pairs =
                    List.of(
                            Layers.convBnPair(inChannels, 3, 2, inChannels),
                            Layers.convBnPair(mid, 1, 1, 1),
                            Layers.convBnPair(mid, 1, 1, 1),
                            Layers.convBnPair(mid, 3, 2, mid),
                            Layers.convBnPair(mid, 1, 1, 1));
            conv1 = addChildBlock("conv1", pairs.get(0).conv());
            bn1 = addChildBlock("bn1", pairs.get(0).bn());
            conv2 = addChildBlock("conv2", pairs.get(1).conv());
            bn2 = addChildBlock("bn2", pairs.get(1).bn());
            conv3 = addChildBlock("conv3", pairs.get(2).conv());
            bn3 = addChildBlock("bn3", pairs.get(2).bn());
            conv4 = addChildBlock("conv4", pairs.get(3).conv());
            bn4 = addChildBlock("bn4", pairs.get(3).bn());
            conv5 = addChildBlock("conv5", pairs.get(4).conv());
            bn5 = addChildBlock("bn5", pairs.get(4).bn());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            NDArray x = inputs.singletonOrThrow();
            NDArray left = Layers.apply(pairs.get(0), ps, x, training, p);
            left = Layers.apply(pairs.get(1), ps, left, training, p);
            left = ai.djl.nn.Activation.relu(left);
            NDArray right = Layers.apply(pairs.get(2), ps, x, training, p);
            right = ai.djl.nn.Activation.relu(right);
            right = Layers.apply(pairs.get(3), ps, right, training, p);
            right = Layers.apply(pairs.get(4), ps, right, training, p);
            right = ai.djl.nn.Activation.relu(right);
            NDArray joined = NDArrays.concat(new NDList(left, right), 1);
            return new NDList(ChannelShuffle.shuffle(joined, 2));
        }

        @Override
        public List<ConvBnPair> convBnPairs() {
            return pairs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            Shape half = Layers.shapeChain(inputs, conv1, bn1, conv2)[0];
            return new Shape[] {new Shape(half.get(0), 2 * half.get(1), half.get(2), half.get(3))};
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            Layers.checkChannels("shufflenetv2 down-sampling unit", inputShapes, inChannels);
            Layers.initChain(manager, dataType, inputShapes, conv1, bn1, conv2, bn2);
            Layers.initChain(manager, dataType, inputShapes, conv3, bn3, conv4, bn4, conv5, bn5);
        }
    }
}
