package kdlab.models.ntk;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import kdlab.models.ModelFamilies;
import kdlab.models.ModelFamily;
import kdlab.models.ModelSpecException;

/**
 * The family of the kernel-regime two-layer network ({@link Ntk}), {@code ntk:WIDTH[:kappa=K]}:
 * the hidden width {@code m} and, optionally, κ, the standard deviation of the hidden weights at
 * initialisation (default 1). The option name ignores case. Parses into an {@link NtkSpec}.
 */
public final class NtkFamily implements ModelFamily {

    /** The family's name and the head of its specs. */
    public static final String NAME = "ntk";

    /** The name of the κ option. */
    public static final String KAPPA = "kappa";

    /** The one instance, registered in {@link ModelFamilies}. */
    public static final NtkFamily INSTANCE = new NtkFamily();

    private static final String FORM = "ntk:WIDTH[:kappa=K], e.g. ntk:2048:kappa=1.0";

    private static final List<String> OPTIONS = List.of(KAPPA);

    /** A plain decimal number; Java's parser also takes "NaN", hex and a trailing 'd' or 'f'. */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private NtkFamily() {}

    /** {@inheritDoc} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public String example() {
        return "ntk:2048:kappa=1.0";
    }

    /**
     * {@inheritDoc}
     *
     * <p>The form is {@code ntk:WIDTH[:kappa=K]}.
     */
    @Override
    public NtkSpec parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new ModelSpecException("model spec", FORM, spec);
        }
        String widthText = parts[1].trim();
        String widthField = "model spec '" + spec + "' width";
        int width;
        try {
            width = Integer.parseInt(widthText);
        } catch (NumberFormatException e) {
            throw new ModelSpecException(widthField, "a positive integer", widthText);
        }
        if (width <= 0) {
            throw new ModelSpecException(widthField, "a positive integer", width);
        }
        double kappa = NtkSpec.DEFAULT_KAPPA;
        if (parts.length == 3) {
            kappa = kappa(spec, parts[2]);
        }
        return new NtkSpec(width, kappa);
    }

    private static double kappa(String spec, String options) {
        String text = null;
        for (String option : options.split(",", -1)) {
            String trimmed = option.trim();
            int eq = trimmed.indexOf('=');
            String key = eq < 0 ? "" : trimmed.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (eq < 0 || !OPTIONS.contains(key)) {
                throw new ModelSpecException(
                        "model spec '" + spec + "' option",
                        "NAME=VALUE with NAME one of " + OPTIONS,
                        trimmed);
            }
            if (text != null) {
                throw new ModelSpecException(
                        "model spec '" + spec + "': option '" + key + "' given twice; write it once");
            }
            text = trimmed.substring(eq + 1).trim();
        }
        String field = "model spec '" + spec + "' " + KAPPA;
        if (!DECIMAL.matcher(text).matches()) {
            throw new ModelSpecException(field, "a positive finite number", text);
        }
        double kappa = Double.parseDouble(text);
        try {
            Ntk.checkKappa(kappa, field);
        } catch (ModelSpecException e) {
            // Report the number as written: "1e400" says more than "Infinity".
            throw new ModelSpecException(field, "a positive finite number", text);
        }
        return kappa;
    }
}
