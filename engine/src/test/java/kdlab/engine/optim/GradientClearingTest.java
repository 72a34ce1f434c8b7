package kdlab.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;

/**
 * After a step the gradient is zero even when it held a NaN or an infinity: {@code g -= g} (the first
 * version) leaves NaN − NaN = NaN behind, which then poisons every later step's accumulation.
 */
class GradientClearingTest {
    @Test
    void nonFiniteGradientsAreClearedAfterAStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(3)).build();
            p.setInitializer((manager, shape, type) -> manager.create(new float[] {1, 2, 3}));
            p.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray w = p.getArray();
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray poison = m.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1f});
                c.backward(w.mul(poison).sum());
            }
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", p);
            new SgdOptimizer(m, 0f, 0f).step(params, 0f);
            assertArrayEquals(new float[] {0, 0, 0}, w.getGradient().toFloatArray());
        }
    }
}
