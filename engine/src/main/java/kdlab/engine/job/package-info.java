/**
 * Whole jobs assembled from a {@link kdlab.engine.run.RunConfig}: training a teacher on clean inputs,
 * training a student on noisy inputs against a frozen teacher (Hong et al., CVPR 2021), and evaluating a
 * finished run.
 */
package kdlab.engine.job;
