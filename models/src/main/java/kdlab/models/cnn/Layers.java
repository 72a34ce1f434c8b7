package kdlab.models.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import kdlab.models.ModelSpecException;
import kdlab.models.fold.ConvBnPair;

/** The layers the families share, and the plumbing of their composite blocks. */
final class Layers {

    private Layers() {}

    /**
     * A square convolution with "same" padding for odd kernels, as the CIFAR families use.
     *
     * @param filters the output channels
     * @param kernel the kernel size
     * @param stride the stride
     * @param groups the number of groups; the output channels' count of input channels for a
     *     depthwise convolution
     * @param bias whether the convolution has a bias
     * @return the convolution
     */
    static Conv2d conv(int filters, int kernel, int stride, int groups, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** A convolution without bias, the default of every family here but VGG. */
    static Conv2d conv(int filters, int kernel, int stride, int groups) {
        return conv(filters, kernel, stride, groups, false);
    }

    /** The batch norms' ε, PyTorch's BatchNorm2d default (and DJL's). */
    static final float BN_EPSILON = 1e-5f;

    /** Batch normalisation over the channel axis (PyTorch's BatchNorm2d defaults). */
    static BatchNorm bn() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).build();
    }

    /**
     * A convolution and the batch norm over its output, which a frozen network may fold into one
     * convolution: only for a convolution whose output nothing but the batch norm reads.
     *
     * @see #conv(int, int, int, int, boolean)
     */
    static ConvBnPair convBnPair(int filters, int kernel, int stride, int groups, boolean bias) {
        return new ConvBnPair(conv(filters, kernel, stride, groups, bias), BN_EPSILON);
    }

    /** A pair whose convolution has no bias, the default of every family here but VGG. */
    static ConvBnPair convBnPair(int filters, int kernel, int stride, int groups) {
        return convBnPair(filters, kernel, stride, groups, false);
    }

    /** Runs a pair on one array: conv then BN, or in inference mode the folded conv. */
    static NDArray apply(
            ConvBnPair pair,
            ParameterStore store,
            NDArray x,
            boolean training,
            PairList<String, Object> params) {
        return pair.forward(store, x, training, params);
    }

    /** A fresh ReLU block; blocks are never shared because DJL records shapes per block. */
    static Block relu() {
        return Activation.reluBlock();
    }

    /** Convolution without bias, then batch normalisation, as a foldable pair. */
    static kdlab.models.fold.SequentialBlock convBn(int filters, int kernel, int stride, int groups) {
        return new kdlab.models.fold.SequentialBlock()
                .addPair(convBnPair(filters, kernel, stride, groups));
    }

    /** Convolution without bias, batch normalisation, ReLU. */
    static SequentialBlock convBnRelu(int filters, int kernel, int stride, int groups) {
        return convBn(filters, kernel, stride, groups).add(relu());
    }

    /**
     * Ends a network the way every family here does: global average pooling, the {@code pool} tap, and
     * the linear classifier.
     *
     * @param net the network so far
     * @param numClasses the classifier's output size
     * @return the finished network
     */
    static kdlab.models.tap.TappedBlock poolAndClassify(kdlab.models.tap.TappedBlock.Builder net, int numClasses) {
        return net.add(globalPool())
                .addTap("pool")
                .add(ai.djl.nn.core.Linear.builder().setUnits(numClasses).build())
                .build();
    }

    /** Global average pooling to {@code [N, C]}. */
    static SequentialBlock globalPool() {
        // For a 32x32 input this equals the fixed-size average pools of the reference code
        // (AvgPool2d(8) in the ResNets, avg_pool2d(4) in the ShuffleNets), and stays correct for
        // other input sizes.
        return new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock());
    }

    /** Runs one block on one array. */
    static NDArray apply(
            Block block,
            ParameterStore store,
            NDArray x,
            boolean training,
            PairList<String, Object> params) {
        return block.forward(store, new NDList(x), training, params).singletonOrThrow();
    }

    /** Initialises blocks applied one after another and returns the last output shapes. */
    static Shape[] initChain(
            NDManager manager, DataType dataType, Shape[] inputs, Block... blocks) {
        Shape[] shapes = inputs;
        for (Block block : blocks) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
        return shapes;
    }

    /** The output shapes of blocks applied one after another. */
    static Shape[] shapeChain(Shape[] inputs, Block... blocks) {
        Shape[] shapes = inputs;
        for (Block block : blocks) {
            shapes = block.getOutputShapes(shapes);
        }
        return shapes;
    }

    /**
     * Checks that a block receives the channel count it was built for.
     *
     * @throws ModelSpecException naming the block, the expected and the found channel count
     */
    static void checkChannels(String block, Shape[] inputs, long expected) {
        if (inputs.length != 1 || inputs[0].dimension() != 4 || inputs[0].get(1) != expected) {
            throw new ModelSpecException(
                    block + " input",
                    "one [N, " + expected + ", H, W] array",
                    inputs.length == 1 ? inputs[0] : java.util.Arrays.toString(inputs));
        }
    }

    /** Checks that a builder setting is positive. */
    static void checkPositive(String field, int value) {
        if (value <= 0) {
            throw new ModelSpecException(field, "a positive integer", value);
        }
    }
}
