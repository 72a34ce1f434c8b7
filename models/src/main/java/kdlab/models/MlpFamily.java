package kdlab.models;

import java.util.ArrayList;
import java.util.List;

/**
 * The multilayer perceptron family, {@code mlp:W1[,W2...][:ACTIVATION]}: hidden widths, input
 * side first, and an activation (default {@code relu}; {@code identity} gives the deep linear
 * network of Saxe et al., ICLR 2014). Parses into an {@link MlpSpec}, built by {@link Mlp}.
 */
public final class MlpFamily implements ModelFamily {

    /** The family's name and the head of its specs. */
    public static final String NAME = "mlp";

    /** The one instance, registered in {@link ModelFamilies}. */
    public static final MlpFamily INSTANCE = new MlpFamily();

    private MlpFamily() {}

    /** {@inheritDoc} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public String example() {
        return "mlp:512,256:relu";
    }

    /**
     * {@inheritDoc}
     *
     * <p>The form is {@code mlp:W1[,W2...][:ACTIVATION]}; the activation ignores case.
     */
    @Override
    public MlpSpec parse(String spec) {
        // limit -1 keeps trailing empty parts, so "mlp:64:" is reported instead of accepted.
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new ModelSpecException("model spec", ModelFamilies.FORM, spec);
        }
        String[] tokens = parts[1].split(",", -1);
        List<Integer> widths = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].trim();
            String field = "model spec '" + spec + "' width " + (i + 1);
            int width;
            try {
                width = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw new ModelSpecException(field, "a positive integer", token);
            }
            if (width <= 0) {
                throw new ModelSpecException(field, "a positive integer", width);
            }
            widths.add(width);
        }
        Activation activation = Activation.RELU;
        if (parts.length == 3) {
            try {
                activation = Activation.parse(parts[2]);
            } catch (ModelSpecException e) {
                throw new ModelSpecException(
                        "model spec '" + spec + "' activation",
                        "one of " + Activation.ids(),
                        parts[2].trim());
            }
        }
        return new MlpSpec(widths, activation);
    }
}
