package kdlab.engine.bench;

/**
 * One matrix product of a training step, [m × k] · [k × n], {@code groups} times (grouped convolutions), as
 * a convolution lowers to it (m = output positions, k = input channels × kernel area, n = output channels).
 *
 * @param m rows of the left operand (batch × output positions)
 * @param k the reduced dimension
 * @param n columns of the result
 * @param groups independent products of this shape
 * @param role which pass of the step performs it
 */
public record Gemm(long m, long k, long n, long groups, Role role) {
    /** The pass a product belongs to. */
    public enum Role {
        /** y = x·Wᵀ: the forward pass (student or teacher). */
        FORWARD,
        /** ∂W = ∂yᵀ·x: the weight gradient (m = output channels, k = batch rows, n = inputs). */
        WEIGHT_GRADIENT,
        /** ∂x = ∂y·W: the input gradient, needed by every layer but the first. */
        INPUT_GRADIENT
    }

    /** @return the floating-point operations, two per multiply-add */
    public double flops() {
        return 2.0 * m * k * n * groups;
    }
}
