package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import kdlab.datasets.Batch;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/**
 * A term's weight (0.5·mse here, as CI's diverged Adam student had 0.5·feature_match) multiplies the gradient
 * exactly, also when the JVM collects and reuses freed memory between the forward and the backward pass: the
 * weight must not reach the backward pass as a scalar over a freed buffer (see {@link kdlab.models.Scalars}). The
 * expected gradient is the unweighted one, halved, computed in the same way without the weight.
 */
class WeightedObjectiveGradientTest {
    @Test
    void aWeightScalesTheGradientEvenAfterACollection() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            TappedBlock model = ModelSpec.parse("mlp:3:identity").build(2, true);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            float[] plain = gradient(model, m, 1.0);
            float[] halved = gradient(model, m, 0.5);
            float[] want = new float[plain.length];
            for (int i = 0; i < plain.length; i++) {
                want[i] = plain[i] * 0.5f;
            }
            assertArrayEquals(want, halved, 1e-6f);
        }
    }

    private static float[] gradient(TappedBlock model, NDManager m, double weight) {
        Objective objective = new Objective(List.of(new WeightedTerm("mse", new SquaredErrorTerm(View.TRAINED_CLEAN), weight, null)));
        NDArray first = model.getParameters().valueAt(0).getArray();
        try (NDManager b = m.newSubManager()) {
            NDArray x = b.create(new float[] {1, 2, -1, 0.5f}, new Shape(2, 2));
            Batch batch = new Batch(b, x, x, b.create(new float[] {1, -1, 0, 2}, new Shape(2, 2)), b.arange(0L, 2L, 1L, DataType.INT64));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray loss = objective.compute(new StepView(batch, model, new ParameterStore(b, false), null, true)).total();
                List<java.nio.ByteBuffer> reused = FreedMemory.reuse();
                c.backward(loss);
                assertEquals(false, reused.isEmpty());
            }
            float[] g = first.getGradient().toFloatArray();
            kdlab.models.Trainability.train(model);
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) first);
            return g;
        }
    }
}
