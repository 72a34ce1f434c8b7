/**
 * Input noise drawn on the batch's device from libtorch's global (seeded) generator: additive Gaussian,
 * Poisson photon-count and salt-and-pepper, for the clean→noisy student setting of Hong et al. (CVPR 2021).
 */
package kdlab.datasets.noise;
