package kdlab.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015) with bias correction and optional L2 weight decay added to the
 * gradient, as PyTorch's {@code torch.optim.Adam} does.
 */
public final class AdamOptimizer extends ParameterOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;

    /**
     * @param manager owner of the moment estimates
     * @param beta1 first-moment decay
     * @param beta2 second-moment decay
     * @param epsilon denominator guard
     * @param weightDecay L2 coefficient ≥ 0
     */
    public AdamOptimizer(NDManager manager, float beta1, float beta2, float epsilon, float weightDecay) {
        super(manager);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    protected void update(String name, NDArray weight, NDArray grad, float learningRate) {
        NDArray g = weightDecay == 0 ? grad : grad.add(weight.mul(weightDecay));
        NDArray m = slot(name + "/m", weight);
        NDArray v = slot(name + "/v", weight);
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.square().mul(1 - beta2));
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        NDArray denom = v.div((float) c2).sqrt().add(epsilon);
        weight.subi(m.div(denom).mul((float) (learningRate / c1)));
    }
}
