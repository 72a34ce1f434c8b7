package kdlab.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import kdlab.datasets.noise.Noise;

/**
 * A split held as one array on the training device. An epoch is a permutation drawn on the device and a
 * batch is a gather by index on the device: no per-example Java objects and no host copy per batch.
 *
 * <p>A batch goes through three stages, in this order: the <em>fit</em> (deterministic changes that make
 * the image the network sees, such as zero-padding 28×28 images to 32×32), the noise, then the
 * <em>transform</em> (random crop and flip, the same for the clean and the noisy view, and normalisation).
 * Noise therefore corrupts exactly the image the network sees, padded border included, and in pixel units
 * before any normalisation.
 *
 * <p>Noise comes in two modes. Fixed: one noisy copy of the (fitted) split is drawn once and every epoch
 * gathers the same noisy rows (the theory of Hong et al. is about a finite noisy sample). Fresh: each
 * gathered batch gets a new draw.
 */
public final class DeviceDataset {
    private final NDArray inputs;
    private final NDArray targets;
    private final NDArray fixedNoisy;
    private final Noise freshNoise;
    private final BatchTransform transform;
    private final UnaryOperator<NDArray> fit;

    private DeviceDataset(NDArray inputs, NDArray targets, NDArray fixedNoisy, Noise freshNoise, BatchTransform transform,
            UnaryOperator<NDArray> fit) {
        this.fit = fit;
        this.inputs = inputs;
        this.targets = targets;
        this.fixedNoisy = fixedNoisy;
        this.freshNoise = freshNoise;
        this.transform = transform;
    }

    /**
     * @param t applied to every gathered batch after the noise, to the clean and the noisy view together
     *     (random crop and flip draw once for both; normalisation comes after the noise, which is in pixel
     *     units)
     * @return this dataset with the transform
     */
    public DeviceDataset withTransform(BatchTransform t) {
        return new DeviceDataset(inputs, targets, fixedNoisy, freshNoise, t, fit);
    }

    /**
     * @param f a deterministic change of an input batch [N, ...] that gives the image the network sees
     *     (zero-padding to the network's size); applied to every gathered batch <em>before</em> the noise,
     *     so the noise also covers what the fit added
     * @return this dataset with the fit
     * @throws IllegalStateException when noise is already attached: it would have been drawn on unfitted
     *     inputs
     */
    public DeviceDataset withFit(UnaryOperator<NDArray> f) {
        if (fixedNoisy != null || freshNoise != null) {
            throw new IllegalStateException("the fit must be set before the noise, which corrupts the fitted image");
        }
        return new DeviceDataset(inputs, targets, null, null, transform, f);
    }

    /**
     * @param split arrays already on the device
     * @return a dataset without noise
     */
    public static DeviceDataset of(Split split) {
        return new DeviceDataset(split.inputs(), split.targets(), null, null, null, null);
    }

    /** @return the number of examples */
    public int size() {
        return Math.toIntExact(inputs.getShape().get(0));
    }

    /** @return the clean arrays */
    public Split split() {
        return new Split(inputs, targets);
    }

    /**
     * @param indices positions to keep, in order
     * @return the examples at those positions (and their fixed noisy copies, when there are any)
     */
    public DeviceDataset subset(int[] indices) {
        long[] idx = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size()) {
                throw new DataException("subset: expected indices in [0, " + size() + "), found " + indices[i]);
            }
            idx[i] = indices[i];
        }
        try (NDArray index = inputs.getManager().create(idx)) {
            return new DeviceDataset(
                    inputs.get(index), targets.get(index), fixedNoisy == null ? null : fixedNoisy.get(index), freshNoise, transform, fit);
        }
    }

    /**
     * Holds out a validation split with a seeded permutation drawn on the host, so the split is the same on
     * every device.
     *
     * @param validationSize examples held out, in (0, size)
     * @param seed the permutation's seed
     * @return {training, validation}
     */
    public DeviceDataset[] trainValidation(int validationSize, long seed) {
        int n = size();
        if (validationSize <= 0 || validationSize >= n) {
            throw new DataException("validation size: expected a number from 1 to " + (n - 1) + " for " + n + " training examples, found " + validationSize);
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] val = java.util.Arrays.copyOfRange(perm, 0, validationSize);
        int[] train = java.util.Arrays.copyOfRange(perm, validationSize, n);
        return new DeviceDataset[] {subset(train), subset(val)};
    }

    /**
     * Draws one noisy copy of every (fitted) example now, with the engine's global generator.
     *
     * @param noise the noise
     * @return a dataset whose batches carry the same noisy rows every epoch
     */
    public DeviceDataset withFixedNoise(Noise noise) {
        if (fit == null) {
            return new DeviceDataset(inputs, targets, noise.apply(inputs), null, transform, null);
        }
        try (NDArray fitted = fit.apply(inputs)) {
            return new DeviceDataset(inputs, targets, noise.apply(fitted), null, transform, fit);
        }
    }

    /**
     * @param noise the noise
     * @return a dataset whose batches get a new noise draw each time they are gathered
     */
    public DeviceDataset withFreshNoise(Noise noise) {
        return new DeviceDataset(inputs, targets, null, noise, transform, fit);
    }

    /**
     * @return whether the clean view of an example is the same in every epoch (no random augmentation), so
     *     that what a frozen teacher computes from it can be kept
     */
    public boolean cleanViewFixed() {
        return transform == null || !transform.random();
    }

    /**
     * @return this dataset without its noise: iterating it draws no random numbers when unshuffled and the
     *     clean view is fixed
     */
    public DeviceDataset withoutNoise() {
        return new DeviceDataset(inputs, targets, null, null, transform, fit);
    }

    /**
     * Iterates over one epoch. With {@code shuffle} the permutation is drawn on the device from libtorch's
     * global generator, which the engine seeds per epoch.
     *
     * @param parent the manager each batch's sub-manager hangs from
     * @param batchSize examples per batch; the last batch may be smaller
     * @param shuffle whether to permute
     * @return the batches; each must be closed by the caller
     */
    public Iterator<Batch> batches(NDManager parent, int batchSize, boolean shuffle) {
        return batches(parent, batchSize, shuffle, 0);
    }

    /**
     * Iterates over the rest of an epoch, skipping batches already taken before an interruption. The
     * permutation is drawn as for a whole epoch, so the remaining batches are the ones an uninterrupted
     * epoch would have produced.
     *
     * @param parent the manager each batch's sub-manager hangs from
     * @param batchSize examples per batch; the last batch may be smaller
     * @param shuffle whether to permute
     * @param firstBatch how many batches to skip
     * @return the remaining batches; each must be closed by the caller
     */
    public Iterator<Batch> batches(NDManager parent, int batchSize, boolean shuffle, int firstBatch) {
        if (batchSize < 1) {
            throw new DataException("batch size: expected at least 1, found " + batchSize);
        }
        int n = size();
        NDArray order = shuffle ? parent.randomPermutation(n) : parent.arange(0, n, 1, DataType.INT64);
        NDArray order64 = order.toType(DataType.INT64, false);
        return new Iterator<>() {
            private int start = (int) Math.min(n, (long) firstBatch * batchSize);

            @Override
            public boolean hasNext() {
                return start < n;
            }

            @Override
            public Batch next() {
                if (start >= n) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(n, start + batchSize);
                NDManager m = parent.newSubManager();
                NDArray idx = order64.get(new NDIndex(start + ":" + end));
                idx.attach(m);
                NDArray x = inputs.get(idx);
                x.attach(m);
                if (fit != null) {
                    x = fit.apply(x);
                    x.attach(m);
                }
                NDArray y = targets.get(idx);
                y.attach(m);
                NDArray noisy = x;
                if (fixedNoisy != null) {
                    noisy = fixedNoisy.get(idx);
                    noisy.attach(m);
                } else if (freshNoise != null) {
                    noisy = freshNoise.apply(x);
                    noisy.attach(m);
                }
                if (transform != null) {
                    NDArray[] t = transform.apply(x, noisy);
                    x = t[0];
                    noisy = t[1];
                    x.attach(m);
                    noisy.attach(m);
                }
                start = end;
                return new Batch(m, x, noisy, y, idx);
            }
        };
    }
}
