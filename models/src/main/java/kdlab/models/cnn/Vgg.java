package kdlab.models.cnn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.Map;
import kdlab.models.ModelSpecException;
import kdlab.models.tap.TappedBlock;

/**
 * VGG (Simonyan and Zisserman, ICLR 2015) in the CIFAR form of the distillation benchmarks, with
 * batch normalisation ({@code vgg8}, {@code vgg11}, {@code vgg13}; 16 and 19 also build).
 *
 * <p>Five groups of 3×3 convolutions (with bias), each followed by batch normalisation and ReLU;
 * groups 0–2 are followed by 2×2 max pooling, groups 3 and 4 both work at 4×4, then global average
 * pooling and a linear classifier on 512 features. Group widths (one number per convolution):
 *
 * <ul>
 *   <li>8: {@code [64] [128] [256] [512] [512]}
 *   <li>11: {@code [64] [128] [256 256] [512 512] [512 512]}
 *   <li>13: {@code [64 64] [128 128] [256 256] [512 512] [512 512]}
 *   <li>16 and 19: three and four convolutions in groups 2–4
 * </ul>
 *
 * <p>Taps, with shapes for a {@code [N, 3, 32, 32]} input:
 *
 * <ul>
 *   <li>{@code stem} — group 0 after its ReLU, {@code [N, 64, 32, 32]}
 *   <li>{@code stage1_pre}, {@code stage1} — group 1 before and after its last ReLU, {@code [N,
 *       128, 16, 16]}
 *   <li>{@code stage2_pre}, {@code stage2} — {@code [N, 256, 8, 8]}
 *   <li>{@code stage3_pre}, {@code stage3} — {@code [N, 512, 4, 4]}
 *   <li>{@code stage4_pre}, {@code stage4} — {@code [N, 512, 4, 4]}
 *   <li>{@code pool} — {@code [N, 512]}
 * </ul>
 *
 * <p>Deviation: the reference code adds a fourth max pooling before group 4 when the input is
 * 64×64 (Tiny-ImageNet); this network always has the 32×32 layout.
 */
public final class Vgg {

    // Declared before CONFIGS, whose initialiser reads it.
    private static final int[] GROUP_WIDTHS = {64, 128, 256, 512, 512};

    private static final Map<Integer, List<List<Integer>>> CONFIGS =
            Map.of(
                    8, groups(1, 1, 1, 1, 1),
                    11, groups(1, 1, 2, 2, 2),
                    13, groups(2, 2, 2, 2, 2),
                    16, groups(2, 2, 3, 3, 3),
                    19, groups(2, 2, 4, 4, 4));

    private Vgg() {}

    private static List<List<Integer>> groups(int... convs) {
        List<List<Integer>> result = new java.util.ArrayList<>();
        for (int g = 0; g < convs.length; g++) {
            result.add(java.util.Collections.nCopies(convs[g], GROUP_WIDTHS[g]));
        }
        return List.copyOf(result);
    }

    /**
     * Starts a new builder.
     *
     * @return a builder with batch normalisation
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a VGG; {@code setX} are required, {@code optX} optional. */
    public static final class Builder {

        private int depth;
        private int numClasses;
        private boolean batchNorm = true;

        private Builder() {}

        /**
         * Sets the depth: 8, 11, 13, 16 or 19.
         *
         * @param depth the depth
         * @return this builder
         */
        public Builder setDepth(int depth) {
            this.depth = depth;
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
         * Sets whether each convolution is followed by batch normalisation; {@code true} by
         * default, as in the benchmarks.
         *
         * @param batchNorm whether to normalise
         * @return this builder
         */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return the uninitialised network with the taps of the class documentation
         * @throws ModelSpecException if the depth is not one of 8, 11, 13, 16, 19 or the number of
         *     classes is not positive
         */
        public TappedBlock build() {
            List<List<Integer>> config = CONFIGS.get(depth);
            if (config == null) {
                throw new ModelSpecException("vgg depth", "one of [8, 11, 13, 16, 19]", depth);
            }
            Layers.checkPositive("vgg number of classes", numClasses);
            TappedBlock.Builder net = TappedBlock.builder();
            for (int g = 0; g < config.size(); g++) {
                net.add(group(config.get(g)));
                if (g > 0) {
                    net.addTap("stage" + g + "_pre");
                }
                net.add(Layers.relu()).addTap(g == 0 ? "stem" : "stage" + g);
                if (g < 3) {
                    net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
                }
            }
            return Layers.poolAndClassify(net, numClasses);
        }

        /** A group's convolutions, each with BN and ReLU, but without the last ReLU. */
        private SequentialBlock group(List<Integer> widths) {
            kdlab.models.fold.SequentialBlock block = new kdlab.models.fold.SequentialBlock();
            for (int i = 0; i < widths.size(); i++) {
                if (batchNorm) {
                    block.addPair(Layers.convBnPair(widths.get(i), 3, 1, 1, true));
                } else {
                    block.add(Layers.conv(widths.get(i), 3, 1, 1, true));
                }
                if (i < widths.size() - 1) {
                    block.add(Layers.relu());
                }
            }
            return block;
        }
    }
}
