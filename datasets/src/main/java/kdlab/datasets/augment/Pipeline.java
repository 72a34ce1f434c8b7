package kdlab.datasets.augment;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kdlab.datasets.DataException;

/**
 * Augmentations applied in order, read from a spec such as {@code crop:4,flip,normalize:cifar10} (the
 * CIFAR training recipe) or {@code pad:32,normalize:fashion-mnist} (28×28 grayscale data fed to a CIFAR
 * CNN). As a {@link kdlab.datasets.BatchTransform} it gives the clean and the noisy view of a batch the
 * same crops and flips, so it can be passed to {@code DeviceDataset.withTransform}.
 *
 * @param steps the augmentations, in order; empty for the identity
 */
public record Pipeline(List<Augmentation> steps) implements Augmentation {
    /** The forms {@link #parse} accepts, for error messages. */
    public static final String FORMS = "a comma-separated list of crop:P (P >= 0), flip or flip:PROB (0 <= PROB <= 1), pad:SIZE, "
            + "normalize:NAME (" + Normalize.NAMES + ") or normalize:MEAN/MEAN/...:STD/STD/...; or none";

    /** Copies the list. */
    public Pipeline {
        steps = List.copyOf(steps);
    }

    /** @return whether any step draws at random */
    @Override
    public boolean random() {
        return steps.stream().anyMatch(Augmentation::random);
    }

    /**
     * @param steps the augmentations, in order
     * @return the pipeline
     */
    public static Pipeline of(Augmentation... steps) {
        return new Pipeline(List.of(steps));
    }

    /**
     * @param spec e.g. {@code crop:4,flip,normalize:cifar10}; {@code none} or blank for the identity
     * @return the pipeline
     * @throws DataException naming the spec, the item and the accepted forms
     */
    public static Pipeline parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return new Pipeline(List.of());
        }
        List<Augmentation> steps = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                throw new DataException("--augment '" + spec + "': empty item; expected " + FORMS);
            }
            int colon = item.indexOf(':');
            String kind = colon < 0 ? item : item.substring(0, colon);
            String arg = colon < 0 ? null : item.substring(colon + 1);
            try {
                steps.add(switch (kind) {
                    case "crop" -> new RandomCrop(Integer.parseInt(required(spec, kind, arg)));
                    case "flip" -> arg == null ? new HorizontalFlip() : new HorizontalFlip(Double.parseDouble(arg));
                    case "pad" -> new PadTo(Integer.parseInt(required(spec, kind, arg)));
                    case "normalize" -> normalize(spec, required(spec, kind, arg));
                    default -> throw new DataException("--augment '" + spec + "': unknown augmentation '" + kind + "'; expected " + FORMS);
                });
            } catch (NumberFormatException e) {
                throw new DataException("--augment '" + spec + "': expected a number after '" + kind + ":', found '" + arg + "'");
            } catch (DataException e) {
                if (e.getMessage().startsWith("--augment")) {
                    throw e;
                }
                throw new DataException("--augment '" + spec + "': " + e.getMessage(), e);
            }
        }
        return new Pipeline(steps);
    }

    private static String required(String spec, String kind, String arg) {
        if (arg == null || arg.isEmpty()) {
            throw new DataException("--augment '" + spec + "': missing the value after '" + kind + ":'; expected " + FORMS);
        }
        return arg;
    }

    private static Normalize normalize(String spec, String arg) {
        int colon = arg.indexOf(':');
        if (colon < 0) {
            return Normalize.named(arg);
        }
        return new Normalize(floats(arg.substring(0, colon)), floats(arg.substring(colon + 1)));
    }

    private static float[] floats(String list) {
        String[] parts = list.split("/", -1);
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i].trim());
        }
        return v;
    }

    @Override
    public NDArray apply(NDArray batch) {
        return apply(batch, batch)[0];
    }

    @Override
    public NDArray[] apply(NDArray clean, NDArray noisy) {
        NDArray c = clean;
        NDArray n = noisy;
        for (Augmentation step : steps) {
            NDArray[] next = step.apply(c, n);
            // Each step makes new arrays; the previous step's outputs (never the caller's inputs) are freed.
            if (c != clean) {
                c.close();
            }
            if (n != noisy && n != c) {
                n.close();
            }
            c = next[0];
            n = next[1];
        }
        if (steps.isEmpty()) {
            c = clean.duplicate();
            n = noisy == clean ? c : noisy.duplicate();
        }
        return new NDArray[] {c, n};
    }

    @Override
    public String spec() {
        if (steps.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Augmentation a : steps) {
            parts.add(a.spec());
        }
        return String.join(",", parts);
    }
}
