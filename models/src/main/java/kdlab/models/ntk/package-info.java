/**
 * The two-layer ReLU network of the kernel (neural tangent kernel) regime: {@code f(x) = (1/√m)
 * Σ_r a_r ReLU(w_rᵀx)} with {@code W ~ N(0, κ²I)} trained and the signs {@code a ∈ {−1,+1}}
 * fixed at initialisation (Du, Zhai, Poczós and Singh, ICLR 2019), the student of Rahbar, Panahi
 * et al., "Analysis of Knowledge Transfer in Kernel Regime" (CIKM 2022, arXiv 2003.13438;
 * PAPERS.md §2.3).
 *
 * <p>{@link kdlab.models.ntk.NtkFamily} parses {@code ntk:WIDTH[:kappa=K]} into an {@link
 * kdlab.models.ntk.NtkSpec}; {@link kdlab.models.ntk.Ntk} builds the network, whose fixed signs
 * live in a {@link kdlab.models.ntk.FixedSignReadout}.
 */
package kdlab.models.ntk;
