/**
 * Where examples come from and how they are corrupted, on the training device: IDX files, seeded synthetic
 * sets, device-resident splits batched by on-device gathers, and input noise for the clean→noisy setting of
 * Hong et al. (CVPR 2021).
 */
package kdlab.datasets;
