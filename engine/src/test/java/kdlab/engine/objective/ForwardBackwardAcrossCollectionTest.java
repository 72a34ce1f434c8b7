package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import kdlab.models.ModelSpec;
import kdlab.models.Scalars;
import kdlab.models.Trainability;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every model family's training forward pass leaves nothing in the autograd graph that the JVM may free: a
 * collection, with the freed memory reused, between forward and backward changes no gradient by a single bit.
 * (DJL's {@code op(Number)} scalars did; see {@link kdlab.models.Scalars}. This also covers DJL's own blocks.)
 */
class ForwardBackwardAcrossCollectionTest {
    @ParameterizedTest
    @ValueSource(strings = {"mlp:8,8", "ntk:16", "resnet8", "wrn_16_1", "vgg8", "MobileNetV2", "ShuffleV1", "ShuffleV2"})
    void aCollectionBetweenThePassesChangesNoGradient(String spec) {
        try (NDManager m = NDManager.newBaseManager()) {
            boolean image = !spec.startsWith("mlp") && !spec.startsWith("ntk");
            Shape input = image ? new Shape(2, 3, 32, 32) : new Shape(2, 6);
            Engine.getInstance().setRandomSeed(11);
            TappedBlock model = ModelSpec.parse(spec).build(4, true);
            model.initialize(m, DataType.FLOAT32, new Shape(1).addAll(input.slice(1)));
            Trainability.train(model);
            Engine.getInstance().setRandomSeed(12);
            NDArray x = m.randomNormal(input);
            List<float[]> calm = gradients(model, m, x, false);
            List<float[]> collected = gradients(model, m, x, true);
            assertEquals(calm.size(), collected.size());
            for (int i = 0; i < calm.size(); i++) {
                assertArrayEquals(calm.get(i), collected.get(i), spec + ": gradient of parameter " + i);
            }
        }
    }

    private static List<float[]> gradients(TappedBlock model, NDManager m, NDArray x, boolean collect) {
        List<float[]> out = new ArrayList<>();
        try (NDManager b = m.newSubManager()) {
            // Each pass starts from the same generator state (dropout, if any, draws alike).
            Engine.getInstance().setRandomSeed(13);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDList outputs = model.forward(new ParameterStore(b, false), new NDList(x), true);
                NDArray loss = Scalars.mul(outputs.head().square().sum(), 0.25);
                List<java.nio.ByteBuffer> reused = collect ? FreedMemory.reuse() : List.of();
                c.backward(loss);
                assertEquals(collect, !reused.isEmpty());
            }
            for (Pair<String, Parameter> p : model.getParameters()) {
                if (Trainability.isTrained(p.getValue())) {
                    NDArray w = p.getValue().getArray();
                    out.add(w.getGradient().toFloatArray());
                    ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w);
                }
            }
        }
        return out;
    }
}
