/**
 * Named intermediate features ("taps") of a sequential network.
 *
 * <p>Knowledge transfer between a teacher and a student reads hidden features as well as
 * outputs (FitNets, Romero et al. ICLR 2015; feature matching on noisy inputs, Hong et al. CVPR
 * 2021). A {@link kdlab.models.tap.Tap} marks a point in a {@link kdlab.models.tap.TappedBlock};
 * the block's forward pass returns the output first and then one array per tap, each array named
 * after its tap, and {@link kdlab.models.tap.Features} gives them back by name. Features are
 * named and never indexed, so that a change of architecture fails loudly instead of silently
 * matching the wrong layers.
 */
package kdlab.models.tap;
