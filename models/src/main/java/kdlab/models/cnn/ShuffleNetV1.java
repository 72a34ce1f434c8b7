package kdlab.models.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.List;
import kdlab.models.ModelSpecException;
import kdlab.models.fold.ConvBnPair;
import kdlab.models.fold.FoldableBlock;
import kdlab.models.tap.TappedBlock;

/**
 * ShuffleNet V1 (Zhang et al., CVPR 2018) in the CIFAR form of the distillation benchmarks
 * ({@code ShuffleV1}: 3 groups, stage widths 240, 480, 960, with 4, 8, 4 units).
 *
 * <p>A 1×1 stem convolution to 24 channels with BN and ReLU (no stride, no max pooling: CIFAR
 * images are small), three stages of ShuffleNet units, global average pooling and a linear
 * classifier. A unit computes {@code grouped 1×1 conv → BN → ReLU → channel shuffle → 3×3
 * depthwise conv (stride s) → BN → ReLU → grouped 1×1 conv → BN} on a bottleneck of a quarter of
 * its output channels, adds the input (stride 1) or concatenates a 3×3 average pooling of the
 * input with stride 2 (the first unit of a stage), and applies ReLU. Following the paper, the
 * first 1×1 convolution of the network's first unit is not grouped, its input being only 24
 * channels wide. Convolutions have no bias. The depthwise convolution is followed by ReLU, as in
 * the benchmarks' code (the paper omits it).
 *
 * <p>Taps, with shapes for a {@code [N, 3, 32, 32]} input at the defaults:
 *
 * <ul>
 *   <li>{@code stem} — {@code [N, 24, 32, 32]}
 *   <li>{@code stage1_pre}, {@code stage1} — the stage's last unit before and after its final
 *       ReLU, {@code [N, 240, 16, 16]}
 *   <li>{@code stage2_pre}, {@code stage2} — {@code [N, 480, 8, 8]}
 *   <li>{@code stage3_pre}, {@code stage3} — {@code [N, 960, 4, 4]}
 *   <li>{@code pool} — {@code [N, 960]}
 * </ul>
 */
public final class ShuffleNetV1 {

    /** The stem's width, fixed by the architecture. */
    static final int STEM_WIDTH = 24;

    private ShuffleNetV1() {}

    /**
     * Starts a new builder.
     *
     * @return a builder with the benchmarks' {@code ShuffleV1} settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a ShuffleNet V1; {@code setX} are required, {@code optX} optional. */
    public static final class Builder {

        private int numClasses;
        private int groups = 3;
        private int[] stageWidths = {240, 480, 960};
        private int[] units = {4, 8, 4};

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
         * Sets the number of groups of the 1×1 convolutions; 3 by default.
         *
         * @param groups a positive number of groups
         * @return this builder
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets the three stages' output widths; {@code 240, 480, 960} by default.
         *
         * @param stageWidths three widths
         * @return this builder
         */
        public Builder optStageWidths(int... stageWidths) {
            this.stageWidths = stageWidths == null ? null : stageWidths.clone();
            return this;
        }

        /**
         * Sets the number of units of each stage; {@code 4, 8, 4} by default.
         *
         * @param units three positive counts
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
         * @throws ModelSpecException if a setting is missing or not positive, or a width does not
         *     split into groups (each unit's bottleneck width and grouped convolutions' widths
         *     must be divisible by the number of groups)
         */
        public TappedBlock build() {
            Layers.checkPositive("shufflenetv1 number of classes", numClasses);
            Layers.checkPositive("shufflenetv1 groups", groups);
            if (stageWidths == null || stageWidths.length != 3) {
                throw new ModelSpecException(
                        "shufflenetv1 stage widths", "3 widths", describe(stageWidths));
            }
            if (units == null || units.length != 3) {
                throw new ModelSpecException("shufflenetv1 units", "3 counts", describe(units));
            }
            TappedBlock.Builder net =
                    TappedBlock.builder()
                            .add(Layers.convBnRelu(STEM_WIDTH, 1, 1, 1))
                            .addTap("stem");
            int in = STEM_WIDTH;
            for (int stage = 1; stage <= 3; stage++) {
                int width = stageWidths[stage - 1];
                Layers.checkPositive("shufflenetv1 units of stage " + stage, units[stage - 1]);
                for (int i = 0; i < units[stage - 1]; i++) {
                    boolean first = i == 0;
                    int branch = first ? width - in : width;
                    // Only the network's very first unit reads the narrow stem.
                    int inGroups = stage == 1 && first ? 1 : groups;
                    checkWidths(stage, i, in, branch, inGroups);
                    boolean last = i == units[stage - 1] - 1;
                    net.add(new Unit(in, branch, first ? 2 : 1, inGroups, groups, !last));
                    in = width;
                }
                net.addTap("stage" + stage + "_pre").add(Layers.relu()).addTap("stage" + stage);
            }
            return Layers.poolAndClassify(net, numClasses);
        }

        private void checkWidths(int stage, int unit, int in, int branch, int inGroups) {
            int mid = branch / 4;
            String where = "shufflenetv1 stage " + stage + " unit " + (unit + 1);
            if (branch <= 0 || mid <= 0) {
                throw new ModelSpecException(
                        where + " branch width",
                        "a stage width above the input width " + in + " (by at least 4)",
                        branch);
            }
            if (in % inGroups != 0 || mid % inGroups != 0) {
                throw new ModelSpecException(
                        where + " widths " + in + " -> " + mid,
                        "widths divisible by " + inGroups + " groups",
                        in + " and " + mid);
            }
            if (mid % groups != 0 || branch % groups != 0) {
                throw new ModelSpecException(
                        where + " widths " + mid + " -> " + branch,
                        "widths divisible by " + groups + " groups",
                        mid + " and " + branch);
            }
        }

        private static String describe(int[] values) {
            return values == null ? null : Arrays.toString(values);
        }
    }

    /** The ShuffleNet unit; see the class documentation. */
    static final class Unit extends AbstractBlock implements FoldableBlock {

        private static final byte VERSION = 1;

        final int inChannels;
        final int stride;
        final int inGroups;
        final boolean finalRelu;
        final Block conv1;
        final Block bn1;
        final ChannelShuffle shuffle;
        final Block conv2;
        final Block bn2;
        final Block conv3;
        final Block bn3;
        final ConvBnPair pair1;
        final ConvBnPair pair2;
        final ConvBnPair pair3;
        /** The 3×3 average pooling of the input, concatenated when the stride is 2; else null. */
        final Block pool;

        Unit(
                int inChannels,
                int branchChannels,
                int stride,
                int inGroups,
                int groups,
                boolean finalRelu) {
            super(VERSION);
            this.inChannels = inChannels;
            this.stride = stride;
            this.inGroups = inGroups;
            this.finalRelu = finalRelu;
            int mid = branchChannels / 4;
            pair1 = Layers.convBnPair(mid, 1, 1, inGroups);
            pair2 = Layers.convBnPair(mid, 3, stride, mid);
            pair3 = Layers.convBnPair(branchChannels, 1, 1, groups);
            conv1 = addChildBlock("conv1", pair1.conv());
            bn1 = addChildBlock("bn1", pair1.bn());
            shuffle = addChildBlock("shuffle", new ChannelShuffle(inGroups));
            conv2 = addChildBlock("conv2", pair2.conv());
            bn2 = addChildBlock("bn2", pair2.bn());
            conv3 = addChildBlock("conv3", pair3.conv());
            bn3 = addChildBlock("bn3", pair3.bn());
            if (stride == 1 && branchChannels != inChannels) {
                throw new ModelSpecException(
                        "shufflenetv1 unit with stride 1",
                        "as many output as input channels (" + inChannels + ")",
                        branchChannels);
            }
            // PyTorch's AvgPool2d(3, stride=2, padding=1) counts the padding in the average.
            pool =
                    stride == 2
                            ? addChildBlock(
                                    "pool",
                                    Pool.avgPool2dBlock(
                                            new Shape(3, 3),
                                            new Shape(2, 2),
                                            new Shape(1, 1),
                                            false,
                                            true))
                            : null;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            NDArray x = inputs.singletonOrThrow();
            NDArray out = ai.djl.nn.Activation.relu(Layers.apply(pair1, ps, x, training, p));
            out = Layers.apply(shuffle, ps, out, training, p);
            out = ai.djl.nn.Activation.relu(Layers.apply(pair2, ps, out, training, p));
            out = Layers.apply(pair3, ps, out, training, p);
            NDArray pre =
                    pool == null
                            ? out.add(x)
                            : NDArrays.concat(
                                    new NDList(out, Layers.apply(pool, ps, x, training, p)), 1);
            return new NDList(finalRelu ? ai.djl.nn.Activation.relu(pre) : pre);
        }

        @Override
        public List<ConvBnPair> convBnPairs() {
            return List.of(pair1, pair2, pair3);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            Shape branch = Layers.shapeChain(inputs, conv1, bn1, shuffle, conv2, bn2, conv3)[0];
            long channels = branch.get(1) + (pool == null ? 0 : inChannels);
            return new Shape[] {new Shape(branch.get(0), channels, branch.get(2), branch.get(3))};
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            Layers.checkChannels("shufflenetv1 unit", inputShapes, inChannels);
            Layers.initChain(
                    manager, dataType, inputShapes, conv1, bn1, shuffle, conv2, bn2, conv3, bn3);
            if (pool != null) {
                pool.initialize(manager, dataType, inputShapes);
            }
        }
    }
}
