package kdlab.models.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.NormalInitializer;
import kdlab.models.ModelSpecException;
import kdlab.models.tap.TappedBlock;

/**
 * The two-layer ReLU network of the kernel (neural tangent kernel) regime, in the parameterisation
 * of Du, Zhai, Poczós and Singh, "Gradient Descent Provably Optimizes Over-parameterized Neural
 * Networks" (ICLR 2019), which Rahbar, Panahi et al., "Analysis of Knowledge Transfer in Kernel
 * Regime" (CIKM 2022, arXiv 2003.13438) use as the student (PAPERS.md §2.3):
 *
 * <pre>
 *   f_k(x) = (1/√m) Σ_{r=1..m} a_rk · ReLU(w_rᵀ x),   k = 1..K
 * </pre>
 *
 * <p>with {@code x} the flattened example ({@code d} values), {@code W = (w_r) ∈ R^{m×d}} drawn
 * from {@code N(0, κ²I)} and trained, no biases, and {@code a ∈ {−1,+1}^{m×K}} drawn uniformly at
 * initialisation and never trained ({@link FixedSignReadout}). The paper has one output; for
 * {@code K} outputs each output has its own column of signs and shares the hidden layer.
 *
 * <p>The network built is {@code batchFlatten → x/‖x‖₂ → Linear(m, no bias; W) → ReLU →
 * Tap("hidden") → FixedSignReadout(m, K)}. The tap {@value #HIDDEN_TAP} holds {@code ReLU(Wx)}
 * before the {@code 1/√m} scaling, which belongs to the readout. The theory assumes {@code ‖x‖₂ =
 * 1}; the network scales its own input so ({@link #unitNorm(NDArray)}) rather than the dataset,
 * so that a teacher or student of another family beside it in a run sees the inputs it was
 * trained on, and a noisy input is scaled back onto the sphere as a clean one is.
 *
 * <p>The initialisation draws from the engine's random generator through the initialising
 * manager, {@code W} first, then {@code a}: a seed set with {@code Engine.setRandomSeed} before
 * {@code initialize} fixes both.
 */
public final class Ntk {

    /** The name of the tap after the ReLU. */
    public static final String HIDDEN_TAP = "hidden";

    private Ntk() {}

    /**
     * Starts a new builder.
     *
     * @return a builder with κ = 1
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scales each example of a batch to unit Euclidean norm over all its values; an all-zero
     * example stays zero.
     *
     * @param batch a batch {@code [N, ...]} of floating-point examples
     * @return a new array of the same shape on the batch's manager: {@code x / ‖x‖₂} per example,
     *     or zeros where {@code ‖x‖₂ = 0}
     */
    public static NDArray unitNorm(NDArray batch) {
        Shape s = batch.getShape();
        if (s.dimension() == 0) {
            throw new ModelSpecException("unit-norm input", "a batch [N, ...]", s);
        }
        long n = s.get(0);
        long d = s.slice(1).size();
        try (NDArray flat = batch.reshape(n, d);
                NDArray squares = flat.square();
                NDArray sums = squares.sum(new int[] {1}, true);
                NDArray norms = sums.sqrt();
                NDArray zero = norms.eq(0f);
                NDArray ones = zero.toType(norms.getDataType(), true);
                // Dividing a zero example by 1 instead of 0 keeps it zero, where 0/0 would be NaN.
                NDArray divisors = norms.add(ones);
                NDArray scaled = flat.div(divisors)) {
            return scaled.reshape(s);
        }
    }

    /**
     * Checks κ.
     *
     * @param kappa the standard deviation of the hidden weights
     * @param field how messages name it
     * @throws ModelSpecException if κ is not positive and finite in single precision, in which
     *     the weights are drawn
     */
    static void checkKappa(double kappa, String field) {
        float single = (float) kappa;
        if (!(single > 0) || Float.isInfinite(single)) {
            throw new ModelSpecException(field, "a positive finite number", kappa);
        }
    }

    /** Settings of the network; {@code setX} are required, {@code optX} optional. */
    public static final class Builder {

        private int width;
        private int outputSize;
        private double kappa = 1.0;

        private Builder() {}

        /**
         * Sets the number of hidden units {@code m}; required.
         *
         * @param width the hidden width
         * @return this builder
         */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the number of outputs {@code K}: classes, or the regression target width; required.
         *
         * @param outputSize the output size
         * @return this builder
         */
        public Builder setOutputSize(int outputSize) {
            this.outputSize = outputSize;
            return this;
        }

        /**
         * Sets κ, the standard deviation of the hidden weights at initialisation; 1 by default.
         * It is rounded to single precision, in which the weights are drawn.
         *
         * @param kappa the standard deviation, positive and finite
         * @return this builder
         */
        public Builder optKappa(double kappa) {
            this.kappa = kappa;
            return this;
        }

        /**
         * Validates the settings and builds the network.
         *
         * @return the network, tapped at {@value #HIDDEN_TAP}
         * @throws ModelSpecException if the width or the output size is not positive, or κ is
         *     not a positive finite number
         */
        public TappedBlock build() {
            if (width <= 0) {
                throw new ModelSpecException("ntk width", "a positive integer", width);
            }
            if (outputSize <= 0) {
                throw new ModelSpecException("ntk output size", "a positive integer", outputSize);
            }
            checkKappa(kappa, "ntk kappa");
            Linear hidden = Linear.builder().setUnits(width).optBias(false).build();
            hidden.setInitializer(new NormalInitializer((float) kappa), Parameter.Type.WEIGHT);
            return TappedBlock.builder()
                    .add(Blocks.batchFlattenBlock())
                    .add(new LambdaBlock(x -> new NDList(unitNorm(x.singletonOrThrow())), "unit-norm"))
                    .add(hidden)
                    .add(Activation.reluBlock())
                    .addTap(HIDDEN_TAP)
                    .add(new FixedSignReadout(width, outputSize))
                    .build();
        }
    }
}
