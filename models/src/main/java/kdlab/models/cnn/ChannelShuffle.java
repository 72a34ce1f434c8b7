package kdlab.models.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import kdlab.models.ModelSpecException;

/**
 * The channel shuffle of ShuffleNet (Zhang et al., CVPR 2018, §3.1): with {@code g} groups, the
 * channels {@code [N, g·k, H, W]} are read as a {@code g × k} grid and written out column by
 * column, so that the next grouped convolution sees channels from every group.
 */
public final class ChannelShuffle extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int groups;

    /**
     * Creates a shuffle block.
     *
     * @param groups the number of groups; 1 leaves the channels in place
     * @throws ModelSpecException if {@code groups} is not positive
     */
    public ChannelShuffle(int groups) {
        super(VERSION);
        Layers.checkPositive("channel shuffle groups", groups);
        this.groups = groups;
    }

    /**
     * Shuffles the channels of an {@code [N, C, H, W]} array: output channel {@code j·g + i} is
     * input channel {@code i·(C/g) + j}.
     *
     * @param x the array
     * @param groups the number of groups; must divide {@code C}
     * @return the shuffled array
     * @throws ModelSpecException if {@code x} is not 4-dimensional or {@code groups} does not
     *     divide its channel count
     */
    public static NDArray shuffle(NDArray x, int groups) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || groups <= 0 || s.get(1) % groups != 0) {
            throw new ModelSpecException(
                    "channel shuffle with " + groups + " groups",
                    "an [N, C, H, W] array with C divisible by " + groups,
                    s);
        }
        if (groups == 1) {
            return x;
        }
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(n, groups, c / groups, h, w).transpose(0, 2, 1, 3, 4).reshape(s);
    }

    /**
     * The number of groups.
     *
     * @return the groups given to the constructor
     */
    public int getGroups() {
        return groups;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(shuffle(inputs.singletonOrThrow(), groups));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return inputs;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "ChannelShuffle(" + groups + ")";
    }
}
