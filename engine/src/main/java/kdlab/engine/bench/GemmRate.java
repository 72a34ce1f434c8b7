package kdlab.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The rate at which this engine multiplies matrices of a step's own shapes, measured in the same process
 * as the step: each product in the layout its pass uses (the weight gradient reads its left operand
 * transposed), all of them in turn, timed over several rounds and the median kept.
 */
public final class GemmRate {
    private GemmRate() {}

    /**
     * @param gemms the step's products
     * @param manager where to allocate the operands (its device is the one measured)
     * @param rounds timed rounds, after one untimed round
     * @return floating-point operations per second
     */
    public static double measure(List<Gemm> gemms, NDManager manager, int rounds) {
        double flops = StepGemms.flops(gemms);
        double[] seconds = new double[rounds];
        try (NDManager m = manager.newSubManager()) {
            NDArray[][] operands = new NDArray[gemms.size()][];
            for (int i = 0; i < gemms.size(); i++) {
                operands[i] = operands(gemms.get(i), m);
            }
            for (int r = -1; r < rounds; r++) {
                long t0 = System.nanoTime();
                NDArray last = null;
                for (NDArray[] ab : operands) {
                    if (last != null) {
                        last.close();
                    }
                    last = ab[0].matMul(ab[1]);
                }
                // One read finishes the queued work on an asynchronous device.
                last.getFloat(0, 0, 0);
                last.close();
                if (r >= 0) {
                    seconds[r] = (System.nanoTime() - t0) / 1e9;
                }
            }
        }
        Arrays.sort(seconds);
        return flops / seconds[rounds / 2];
    }

    private static NDArray[] operands(Gemm g, NDManager m) {
        // The layouts libtorch's linear layer hands its BLAS: y = x·Wᵀ with W stored [out, in]; ∂W = ∂yᵀ·x with ∂y
        // stored [rows, out]; ∂x = ∂y·W with both as stored.
        NDArray a = g.role() == Gemm.Role.WEIGHT_GRADIENT
                ? m.randomUniform(-1f, 1f, new Shape(g.groups(), g.k(), g.m()), DataType.FLOAT32).transpose(0, 2, 1)
                : m.randomUniform(-1f, 1f, new Shape(g.groups(), g.m(), g.k()), DataType.FLOAT32);
        NDArray b = g.role() == Gemm.Role.FORWARD
                ? m.randomUniform(-1f, 1f, new Shape(g.groups(), g.n(), g.k()), DataType.FLOAT32).transpose(0, 2, 1)
                : m.randomUniform(-1f, 1f, new Shape(g.groups(), g.k(), g.n()), DataType.FLOAT32);
        return new NDArray[] {a, b};
    }
}
