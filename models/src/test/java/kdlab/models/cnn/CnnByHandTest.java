package kdlab.models.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import kdlab.models.tap.Tap;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/**
 * Each family's forward pass against the same network evaluated by hand: the test walks the
 * network's children itself and computes every composite block (residual additions, shortcuts,
 * concatenations, splits, channel shuffles) from the block's own layers.
 */
class CnnByHandTest {

    private static final double ATOL = 1e-5;
    private static final Shape INPUT = new Shape(2, 3, 32, 32);

    private ParameterStore store;

    @Test
    void resnet8() {
        check("resnet8");
    }

    @Test
    void resnet8x4() {
        check("resnet8x4");
    }

    @Test
    void wrn16x2() {
        check("wrn_16_2");
    }

    @Test
    void vgg8() {
        check("vgg8");
    }

    @Test
    void mobileNetV2() {
        check("MobileNetV2");
    }

    @Test
    void shuffleV1() {
        check("ShuffleV1");
    }

    @Test
    void shuffleV2() {
        check("ShuffleV2");
    }

    private void check(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            TappedBlock net = CnnZoo.build(name, 5);
            // Batch norm's defaults (scale 1, shift 0, mean 0, variance 1) make it the identity
            // at inference, which would hide a missing or misplaced normalisation.
            net.setInitializer(new NormalInitializer(0.5f), Parameter.Type.GAMMA);
            net.setInitializer(new NormalInitializer(0.5f), Parameter.Type.BETA);
            net.setInitializer(new NormalInitializer(0.5f), Parameter.Type.RUNNING_MEAN);
            net.setInitializer(new UniformInitializer(0.4f), Parameter.Type.RUNNING_VAR);
            net.initialize(manager, DataType.FLOAT32, INPUT);
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                    p.getValue().getArray().addi(1f);
                }
            }
            store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(INPUT);
            NDList actual = net.forward(store, new NDList(x), false);

            List<NDArray> taps = new ArrayList<>();
            NDArray current = x;
            for (Block child : net.getChildren().values()) {
                if (child instanceof Tap) {
                    taps.add(current);
                } else {
                    current = byHand(child, current);
                }
            }
            assertEquals(net.tapNames().size() + 1, actual.size());
            assertClose(current, actual.get(0), name + " output");
            for (int i = 0; i < taps.size(); i++) {
                assertClose(taps.get(i), actual.get(i + 1), name + " " + net.tapNames().get(i));
            }
        }
    }

    /** One child of the network, with the composite blocks of this package worked out here. */
    private NDArray byHand(Block block, NDArray x) {
        if (block instanceof ResNetCifar.BasicBlock b) {
            NDArray out = relu(f(b.bn1, f(b.conv1, x)));
            out = f(b.bn2, f(b.conv2, out));
            NDArray residual = b.shortcut == null ? x : seq(b.shortcut, x);
            out = out.add(residual);
            return b.finalRelu ? relu(out) : out;
        }
        if (block instanceof WideResNet.PreActBlock b) {
            NDArray a = relu(f(b.bn1, x));
            NDArray out = f(b.conv2, relu(f(b.bn2, f(b.conv1, a))));
            return out.add(b.shortcut == null ? x : f(b.shortcut, a));
        }
        if (block instanceof MobileNetV2.InvertedResidual b) {
            NDArray out = seq(b.project, seq(b.depthwise, seq(b.expand, x)));
            boolean sameShape = out.getShape().equals(x.getShape());
            assertEquals(sameShape, b.residual, "residual exactly where the shape is kept");
            return sameShape ? out.add(x) : out;
        }
        if (block instanceof ShuffleNetV1.Unit b) {
            NDArray out = relu(f(b.bn1, f(b.conv1, x)));
            out = shuffleBySlices(out, b.inGroups);
            out = relu(f(b.bn2, f(b.conv2, out)));
            out = f(b.bn3, f(b.conv3, out));
            NDArray pre =
                    b.stride == 2 ? NDArrays.concat(new NDList(out, f(b.pool, x)), 1) : out.add(x);
            return b.finalRelu ? relu(pre) : pre;
        }
        if (block instanceof ShuffleNetV2.BasicUnit b) {
            long half = x.getShape().get(1) / 2;
            NDArray kept = x.get(new NDIndex(":, 0:{}", half));
            NDArray out = relu(f(b.bn1, f(b.conv1, x.get(new NDIndex(":, {}:", half)))));
            out = f(b.bn2, f(b.conv2, out));
            NDArray pre = f(b.bn3, f(b.conv3, out));
            NDArray reference = shuffleBySlices(NDArrays.concat(new NDList(kept, relu(pre)), 1), 2);
            if (b.finalRelu) {
                return reference;
            }
            NDArray result = shuffleBySlices(NDArrays.concat(new NDList(kept, pre), 1), 2);
            // The network applies the unit's last ReLU after the shuffle; that must give the
            // reference's output.
            assertClose(reference, relu(result), "shufflev2 stage output after its ReLU");
            return result;
        }
        if (block instanceof ShuffleNetV2.DownUnit b) {
            NDArray left = relu(f(b.bn2, f(b.conv2, f(b.bn1, f(b.conv1, x)))));
            NDArray right = relu(f(b.bn3, f(b.conv3, x)));
            right = relu(f(b.bn5, f(b.conv5, f(b.bn4, f(b.conv4, right)))));
            return shuffleBySlices(NDArrays.concat(new NDList(left, right), 1), 2);
        }
        if (block instanceof SequentialBlock s) {
            return seq(s, x);
        }
        assertTrue(
                block.getParameters().isEmpty()
                        || block instanceof ai.djl.nn.core.Linear
                        || block instanceof ai.djl.nn.norm.BatchNorm
                        || block instanceof ai.djl.nn.convolutional.Conv2d,
                "unexpected composite block " + block);
        return f(block, x);
    }

    private NDArray seq(SequentialBlock block, NDArray x) {
        NDArray current = x;
        for (Block child : block.getChildren().values()) {
            current = byHand(child, current);
        }
        return current;
    }

    private NDArray f(Block block, NDArray x) {
        return block.forward(store, new NDList(x), false).singletonOrThrow();
    }

    private static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    /** Output channel {@code j·g + i} is input channel {@code i·(C/g) + j}, by slicing. */
    private static NDArray shuffleBySlices(NDArray x, int groups) {
        long c = x.getShape().get(1);
        long perGroup = c / groups;
        NDList slices = new NDList();
        for (long j = 0; j < perGroup; j++) {
            for (long i = 0; i < groups; i++) {
                long k = i * perGroup + j;
                slices.add(x.get(new NDIndex(":, {}:{}", k, k + 1)));
            }
        }
        return NDArrays.concat(slices, 1);
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what + " shape");
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]) - ATOL * Math.abs(e[i]));
        }
        assertTrue(worst <= ATOL, what + ": largest difference " + worst + " exceeds " + ATOL);
    }
}
