package kdlab.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Stochastic gradient descent with heavy-ball momentum and L2 weight decay, in PyTorch's convention:
 * {@code g = ∇ + wd·w; v = μ·v + g; w -= lr·v} (plain SGD when μ = 0).
 */
public final class SgdOptimizer extends ParameterOptimizer {
    private final float momentum;
    private final float weightDecay;

    /**
     * @param manager owner of the momentum buffers
     * @param momentum μ in [0, 1)
     * @param weightDecay L2 coefficient ≥ 0
     */
    public SgdOptimizer(NDManager manager, float momentum, float weightDecay) {
        super(manager);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    protected void update(String name, NDArray weight, NDArray grad, float learningRate) {
        NDArray g = weightDecay == 0 ? grad : grad.add(weight.mul(weightDecay));
        if (momentum == 0) {
            weight.subi(g.mul(learningRate));
            return;
        }
        NDArray v = slot(name + "/momentum", weight);
        v.muli(momentum).addi(g);
        weight.subi(v.mul(learningRate));
    }
}
