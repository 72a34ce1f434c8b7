/**
 * Augmentation of image batches [N, C, H, W] on their device, the standard CIFAR recipe of He et al.
 * (CVPR 2016, §4.2) — zero-pad by 4, random 32×32 crop, random horizontal flip — and per-channel
 * normalisation. Random choices are drawn on the device from libtorch's global generator, which
 * {@code Engine.setRandomSeed} seeds, so the same seed and draw order give the same batches; nothing goes
 * through the host.
 *
 * <p>Grayscale 28×28 data (the MNIST family, [N, 1, 28, 28]) can feed the CIFAR CNN families after
 * zero-padding to 32×32 with {@link kdlab.datasets.augment.PadTo} ({@code pad:32}): the image sits in the
 * centre with 2 pixels of zeros on each side.
 *
 * <p>Each {@link kdlab.datasets.augment.Augmentation} is also a {@link kdlab.datasets.BatchTransform}: given
 * the clean and the noisy view of a batch it draws once and crops and flips both the same way.
 */
package kdlab.datasets.augment;
