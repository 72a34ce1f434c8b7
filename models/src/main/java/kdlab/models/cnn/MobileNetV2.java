package kdlab.models.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import kdlab.models.ModelSpecException;
import kdlab.models.tap.TappedBlock;

/**
 * MobileNetV2 (Sandler et al., CVPR 2018) in the CIFAR form of the distillation benchmarks, whose
 * {@code MobileNetV2} is this network at width multiplier 0.5 and expansion 6 (the defaults).
 *
 * <p>A 3×3 stem convolution with stride 2 and {@code int(32·w)} filters, then seven groups of
 * inverted residual blocks (expansion t, output channels {@code int(c·w)}, n blocks, first stride
 * s): {@code (1,16,1,1) (t,24,2,1) (t,32,3,2) (t,64,4,2) (t,96,3,1) (t,160,3,2) (t,320,1,1)}, then
 * a 1×1 convolution to 1280 channels (more when w exceeds 1), global average pooling and a linear
 * classifier. An inverted residual block is {@code 1×1 conv → BN → ReLU → 3×3 depthwise conv
 * (stride s) → BN → ReLU → 1×1 conv → BN}, plus the input where the stride is 1 and the channel
 * count is kept. As in the benchmarks' code and unlike the paper's table, the first group keeps
 * its 1×1 expansion convolution although its expansion is 1; convolutions have no bias; the ReLU
 * is ReLU, not ReLU6.
 *
 * <p>Stages are the feature resolutions the benchmarks tap: groups 0–1, 2, 3–4 and 5–6. Their
 * blocks end in a linear bottleneck, so stage outputs have no ReLU and no {@code _pre} tap. Taps,
 * with shapes for a {@code [N, 3, 32, 32]} input at the defaults:
 *
 * <ul>
 *   <li>{@code stem} — {@code [N, 16, 16, 16]}
 *   <li>{@code stage1} — {@code [N, 12, 16, 16]}
 *   <li>{@code stage2} — {@code [N, 16, 8, 8]}
 *   <li>{@code stage3} — {@code [N, 48, 4, 4]}
 *   <li>{@code stage4} — {@code [N, 160, 2, 2]}
 *   <li>{@code head_pre}, {@code head} — the 1×1 convolution's BN output before and after ReLU,
 *       {@code [N, 1280, 2, 2]}
 *   <li>{@code pool} — {@code [N, 1280]}
 * </ul>
 */
public final class MobileNetV2 {

    /** Rows {@code t-factor (0 = the builder's expansion), c, n, s} of the paper's Table 2. */
    private static final int[][] SETTING = {
        {1, 16, 1, 1},
        {0, 24, 2, 1},
        {0, 32, 3, 2},
        {0, 64, 4, 2},
        {0, 96, 3, 1},
        {0, 160, 3, 2},
        {0, 320, 1, 1},
    };

    /** The index of the last group of each stage. */
    private static final int[] STAGE_ENDS = {1, 2, 4, 6};

    private MobileNetV2() {}

    /**
     * Starts a new builder.
     *
     * @return a builder with width multiplier 0.5 and expansion 6
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a MobileNetV2; {@code setX} are required, {@code optX} optional. */
    public static final class Builder {

        private int numClasses;
        private double widthMultiplier = 0.5;
        private int expansion = 6;

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
         * Sets the width multiplier w; 0.5 by default (the benchmarks' {@code MobileNetV2}).
         *
         * @param widthMultiplier a positive multiplier
         * @return this builder
         */
        public Builder optWidthMultiplier(double widthMultiplier) {
            this.widthMultiplier = widthMultiplier;
            return this;
        }

        /**
         * Sets the expansion factor t of groups 1–6; 6 by default.
         *
         * @param expansion a positive factor
         * @return this builder
         */
        public Builder optExpansion(int expansion) {
            this.expansion = expansion;
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return the uninitialised network with the taps of the class documentation
         * @throws ModelSpecException if a setting is not positive or the width multiplier leaves
         *     a layer without channels
         */
        public TappedBlock build() {
            Layers.checkPositive("mobilenetv2 number of classes", numClasses);
            Layers.checkPositive("mobilenetv2 expansion", expansion);
            if (!(widthMultiplier > 0) || (int) (16 * widthMultiplier) < 1) {
                throw new ModelSpecException(
                        "mobilenetv2 width multiplier", "at least 1/16", widthMultiplier);
            }
            int in = (int) (32 * widthMultiplier);
            TappedBlock.Builder net =
                    TappedBlock.builder().add(Layers.convBnRelu(in, 3, 2, 1)).addTap("stem");
            int stage = 0;
            for (int g = 0; g < SETTING.length; g++) {
                int t = SETTING[g][0] == 0 ? expansion : SETTING[g][0];
                int out = (int) (SETTING[g][1] * widthMultiplier);
                for (int i = 0; i < SETTING[g][2]; i++) {
                    net.add(new InvertedResidual(in, out, i == 0 ? SETTING[g][3] : 1, t));
                    in = out;
                }
                if (g == STAGE_ENDS[stage]) {
                    stage++;
                    net.addTap("stage" + stage);
                }
            }
            int last = widthMultiplier > 1.0 ? (int) (1280 * widthMultiplier) : 1280;
            return Layers.poolAndClassify(net.add(Layers.convBn(last, 1, 1, 1))
                    .addTap("head_pre")
                    .add(Layers.relu())
                    .addTap("head"), numClasses);
        }
    }

    /** The inverted residual block with a linear bottleneck; see the class documentation. */
    static final class InvertedResidual extends AbstractBlock {

        private static final byte VERSION = 1;

        final int inChannels;
        final boolean residual;
        final SequentialBlock expand;
        final SequentialBlock depthwise;
        final SequentialBlock project;

        InvertedResidual(int inChannels, int outChannels, int stride, int expansion) {
            super(VERSION);
            this.inChannels = inChannels;
            this.residual = stride == 1 && inChannels == outChannels;
            int hidden = inChannels * expansion;
            expand = addChildBlock("expand", Layers.convBnRelu(hidden, 1, 1, 1));
            depthwise = addChildBlock("depthwise", Layers.convBnRelu(hidden, 3, stride, hidden));
            project = addChildBlock("project", Layers.convBn(outChannels, 1, 1, 1));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            NDArray x = inputs.singletonOrThrow();
            NDArray out = Layers.apply(expand, ps, x, training, p);
            out = Layers.apply(depthwise, ps, out, training, p);
            out = Layers.apply(project, ps, out, training, p);
            return new NDList(residual ? out.add(x) : out);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return Layers.shapeChain(inputs, expand, depthwise, project);
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            Layers.checkChannels("mobilenetv2 inverted residual", inputShapes, inChannels);
            Layers.initChain(manager, dataType, inputShapes, expand, depthwise, project);
        }
    }
}
