package kdlab.datasets.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import kdlab.datasets.DataException;

/**
 * Per-channel standardisation (x − mean[c]) / std[c], deterministic. The named constants are each
 * training set's per-channel pixel mean and standard deviation on the [0, 1] scale:
 *
 * <ul>
 *   <li>{@code cifar10}: mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616), computed over all
 *       50,000 × 1024 pixels per channel. (The often-copied std (0.2023, 0.1994, 0.2010) is not the
 *       per-channel pixel std; it is not used here.)
 *   <li>{@code cifar100}: mean (0.5071, 0.4867, 0.4408), std (0.2675, 0.2565, 0.2761), the constants of
 *       RepDistiller and mdistiller, so that results compare with theirs.
 *   <li>{@code mnist}: 0.1307 / 0.3081; {@code fashion-mnist}: 0.2860 / 0.3530.
 * </ul>
 */
public final class Normalize implements Augmentation {
    private static final Map<String, float[][]> KNOWN = Map.of(
            "cifar10", new float[][] {{0.4914f, 0.4822f, 0.4465f}, {0.2470f, 0.2435f, 0.2616f}},
            "cifar100", new float[][] {{0.5071f, 0.4867f, 0.4408f}, {0.2675f, 0.2565f, 0.2761f}},
            "mnist", new float[][] {{0.1307f}, {0.3081f}},
            "fashion-mnist", new float[][] {{0.2860f}, {0.3530f}});

    /** The names {@link #named} knows, for error messages. */
    public static final String NAMES = "cifar10, cifar100, mnist, fashion-mnist";

    private final String name;
    private final float[] mean;
    private final float[] std;

    /**
     * @param mean per-channel means
     * @param std per-channel standard deviations, each > 0, as many as means
     */
    public Normalize(float[] mean, float[] std) {
        this(null, mean, std);
    }

    private Normalize(String name, float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new DataException("augmentation normalize: expected as many means as stds (at least one), found " + mean.length + " means and "
                    + std.length + " stds");
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new DataException("augmentation normalize: expected every std > 0 and finite, found " + Arrays.toString(std));
            }
        }
        for (float mu : mean) {
            if (!Float.isFinite(mu)) {
                throw new DataException("augmentation normalize: expected finite means, found " + Arrays.toString(mean));
            }
        }
        this.name = name;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * @param name one of {@link #NAMES}
     * @return normalisation with that dataset's constants
     * @throws DataException listing the known names
     */
    public static Normalize named(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        float[][] c = KNOWN.get(key);
        if (c == null) {
            throw new DataException("augmentation normalize: unknown dataset '" + name + "'; expected one of " + NAMES
                    + " or MEAN/MEAN/...:STD/STD/...");
        }
        return new Normalize(key, c[0], c[1]);
    }

    /** @return the per-channel means (a copy) */
    public float[] mean() {
        return mean.clone();
    }

    /** @return the per-channel standard deviations (a copy) */
    public float[] std() {
        return std.clone();
    }

    /** @return false: the same input always gives the same output */
    @Override
    public boolean random() {
        return false;
    }

    @Override
    public NDArray apply(NDArray batch) {
        Augmentation.checkImages(batch, spec());
        return normalize(batch, mean, std);
    }

    @Override
    public String spec() {
        if (name != null) {
            return "normalize:" + name;
        }
        return "normalize:" + join(mean) + ":" + join(std);
    }

    private static String join(float[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : "/").append(v[i]);
        }
        return b.toString();
    }

    /**
     * @param batch images [N, C, H, W]
     * @param mean C means
     * @param std C standard deviations
     * @return (batch − mean[c]) / std[c]
     * @throws DataException when C differs from the number of constants
     */
    public static NDArray normalize(NDArray batch, float[] mean, float[] std) {
        long c = batch.getShape().get(1);
        if (c != mean.length) {
            throw new DataException("augmentation normalize: expected images with " + mean.length + " channel" + (mean.length == 1 ? "" : "s")
                    + " to match the constants, found " + c + " (shape " + batch.getShape() + ")");
        }
        Shape perChannel = new Shape(1, c, 1, 1);
        NDManager m = batch.getManager();
        // The constants are made on the batch's device (C floats per batch); the scratch manager frees them.
        try (NDManager tmp = m.newSubManager(batch.getDevice())) {
            NDArray mu = tmp.create(mean, perChannel);
            NDArray sigma = tmp.create(std, perChannel);
            NDArray centred = batch.sub(mu);
            centred.attach(tmp);
            NDArray out = centred.div(sigma);
            out.attach(m);
            return out;
        }
    }
}
