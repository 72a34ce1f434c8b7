/**
 * Batch-normalisation folding for networks that only run in inference mode, such as a frozen
 * teacher.
 *
 * <p>In inference mode batch normalisation (Ioffe and Szegedy, ICML 2015) is the per-channel
 * affine map {@code y = γ·(x − μ)/√(σ² + ε) + β} with the running statistics {@code μ, σ²}. When
 * {@code x} is the output of a convolution and nothing else reads it, the map folds into that
 * convolution: weight {@code W·γ/√(σ² + ε)} per output channel and bias {@code β + (b − μ)·γ/√(σ²
 * + ε)}, as in Jacob et al., "Quantization and Training of Neural Networks for Efficient
 * Integer-Arithmetic-Only Inference", CVPR 2018, §3.2. One convolution then does the work of two
 * operators, exactly up to the rounding of the reordered arithmetic.
 *
 * <p>The network's builders declare the foldable pairs ({@link kdlab.models.fold.ConvBnPair})
 * where they know that the convolution's output goes nowhere but into its batch norm; the blocks
 * that run such pairs implement {@link kdlab.models.fold.FoldableBlock}, and {@link
 * kdlab.models.fold.BatchNormFolding#fold} folds every pair of a network. Folding changes no
 * parameter: the folded arrays live beside the parameters, so parameter names, counts, saved
 * parameters and checkpoints are those of the unfolded network, and a training-mode forward
 * computes exactly what it did before.
 */
package kdlab.models.fold;
