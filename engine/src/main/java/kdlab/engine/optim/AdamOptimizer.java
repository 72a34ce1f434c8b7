package kdlab.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015) with bias correction and optional L2 weight decay added to the
 * gradient, as PyTorch's {@code torch.optim.Adam} does.
 *
 * <p>The betas are doubles, as PyTorch's are: PyTorch forms 1 − β and the bias corrections 1 − βᵗ from the
 * double and rounds each coefficient to float32 once. Narrowing β first (0.999f is 0.99900001287) would
 * make the stored second moment 1.3e-5 smaller than PyTorch's, relative (1f − 0.999f = 0.00099998713).
 */
public final class AdamOptimizer extends ParameterOptimizer {
    private final double beta1;
    private final double beta2;
    private final float epsilon;
    private final float weightDecay;

    /**
     * @param manager owner of the moment estimates
     * @param beta1 first-moment decay, e.g. 0.9 (a double literal: see the class comment)
     * @param beta2 second-moment decay, e.g. 0.999
     * @param epsilon denominator guard
     * @param weightDecay L2 coefficient ≥ 0
     */
    public AdamOptimizer(NDManager manager, double beta1, double beta2, float epsilon, float weightDecay) {
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
        m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v.muli((float) beta2).addi(g.square().mul((float) (1 - beta2)));
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        NDArray denom = v.div((float) c2).sqrt().add(epsilon);
        weight.subi(m.div(denom).mul((float) (learningRate / c1)));
    }
}
