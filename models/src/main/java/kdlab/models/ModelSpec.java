package kdlab.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import kdlab.models.cnn.CnnZoo;
import kdlab.models.tap.TappedBlock;

/**
 * A model described by a short string, as written on the command line and in configs.
 *
 * <p>The form is {@code FAMILY:W1[,W2...][:ACTIVATION]}, for example {@code mlp:512,256} or
 * {@code mlp:64:identity}; the activation defaults to {@code relu}. {@link #canonical()} writes
 * the activation out, so a recorded spec keeps its meaning should the default ever change.
 *
 * <p>A fixed convolutional network of {@link CnnZoo} is written by its name alone, in any case,
 * for example {@code resnet20} or {@code mobilenetv2}; its spec has no widths, the activation
 * {@code relu}, and the zoo's spelling of the name as its family and canonical text.
 *
 * @param family the model family: one of {@link #FAMILIES}, or a name of {@link CnnZoo#names()}
 * @param widths the hidden widths, input side first; at least one, all positive; none for a
 *     network of {@link CnnZoo}
 * @param activation the hidden activation; {@code relu} for a network of {@link CnnZoo}
 */
public record ModelSpec(String family, List<Integer> widths, Activation activation) {

    /** The multilayer perceptron family, built by {@link Mlp}. */
    public static final String MLP = "mlp";

    /** The known families, in the order error messages list them. */
    public static final List<String> FAMILIES = List.of(MLP);

    private static final String FORM = "FAMILY:W1[,W2...][:ACTIVATION], e.g. mlp:512,256:relu";

    /**
     * Validates and copies.
     *
     * @param family the model family
     * @param widths the hidden widths, input side first
     * @param activation the hidden activation
     * @throws ModelSpecException if the family is unknown, there is no width, a width is not
     *     positive or the activation is null; for a network of {@link CnnZoo}, if there are
     *     widths or the activation is not {@code relu}
     */
    public ModelSpec {
        if (CnnZoo.contains(family)) {
            family = CnnZoo.canonicalName(family);
            if (widths == null || !widths.isEmpty()) {
                throw new ModelSpecException(
                        "model widths of network '" + family + "'", "none", widths);
            }
            if (activation != Activation.RELU) {
                throw new ModelSpecException(
                        "model activation of network '" + family + "'",
                        "'" + Activation.RELU.id() + "'",
                        activation == null ? null : activation.id());
            }
            widths = List.of();
        } else {
            if (!FAMILIES.contains(family)) {
                throw new ModelSpecException("model family", "one of " + FAMILIES, family);
            }
            if (widths == null || widths.isEmpty()) {
                throw new ModelSpecException(
                        "model widths: expected at least one hidden width, found none");
            }
            for (int i = 0; i < widths.size(); i++) {
                Integer width = widths.get(i);
                if (width == null || width <= 0) {
                    throw new ModelSpecException(
                            "model width " + (i + 1), "a positive integer", width);
                }
            }
            widths = List.copyOf(widths);
            if (activation == null) {
                throw new ModelSpecException(
                        "model activation", "one of " + Activation.ids(), null);
            }
        }
    }

    /**
     * Parses {@code FAMILY:W1[,W2...][:ACTIVATION]}; the family and activation ignore case and
     * blanks around each part are ignored.
     *
     * @param spec the spec, for example {@code "mlp:512,256"}
     * @return the spec
     * @throws ModelSpecException naming the part that is wrong, what was expected and what was
     *     found
     */
    public static ModelSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new ModelSpecException("model spec", FORM, spec);
        }
        // limit -1 keeps trailing empty parts, so "mlp:64:" is reported instead of accepted.
        String[] parts = spec.split(":", -1);
        if (parts.length == 1 && CnnZoo.contains(spec)) {
            return new ModelSpec(CnnZoo.canonicalName(spec), List.of(), Activation.RELU);
        }
        if (parts.length == 1 && !FAMILIES.contains(spec.trim().toLowerCase(Locale.ROOT))) {
            throw new ModelSpecException(
                    "model spec", FORM + ", or a network, one of " + CnnZoo.names(), spec);
        }
        if (parts.length < 2 || parts.length > 3) {
            throw new ModelSpecException("model spec", FORM, spec);
        }
        if (CnnZoo.contains(parts[0])) {
            String network = CnnZoo.canonicalName(parts[0]);
            throw new ModelSpecException(
                    "model spec '" + spec + "': network '" + network + "' takes no widths or"
                            + " activation; write '" + network + "'");
        }
        String family = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!FAMILIES.contains(family)) {
            throw new ModelSpecException(
                    "model spec '" + spec + "' family", "one of " + FAMILIES + " with widths, or a network written alone, one of "
                            + CnnZoo.names(), parts[0].trim());
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
        return new ModelSpec(family, widths, activation);
    }

    /**
     * The canonical text: {@code parse(canonical())} equals this spec, and equal specs have equal
     * text.
     *
     * @return for example {@code "mlp:512,256:relu"}
     */
    public String canonical() {
        if (isNetwork()) {
            return family;
        }
        String joined = widths.stream().map(String::valueOf).collect(Collectors.joining(","));
        return family + ":" + joined + ":" + activation.id();
    }

    /**
     * The tap names of the network this spec builds, in network order.
     *
     * @return for example {@code [hidden1, hidden2]}
     */
    public List<String> tapNames() {
        if (isNetwork()) {
            return CnnZoo.tapNames(family);
        }
        return Mlp.tapNames(widths.size());
    }

    /**
     * Builds the network.
     *
     * @param outputs the output size: number of classes, or regression target width
     * @param bias whether the linear layers have biases; ignored by the networks of {@link
     *     CnnZoo}, whose layers have biases as their papers' reference code does
     * @return the uninitialised network
     * @throws ModelSpecException if {@code outputs} is not positive
     */
    public TappedBlock build(int outputs, boolean bias) {
        if (isNetwork()) {
            return CnnZoo.build(family, outputs);
        }
        // One branch per family; FAMILIES and the compact constructor keep this exhaustive.
        if (MLP.equals(family)) {
            return Mlp.builder()
                    .setHiddenWidths(widths)
                    .setOutputSize(outputs)
                    .optActivation(activation)
                    .optBias(bias)
                    .build();
        }
        throw new ModelSpecException("model family", "one of " + FAMILIES, family);
    }

    /**
     * Whether this spec names a fixed network of {@link CnnZoo} rather than a family with widths.
     *
     * @return whether {@link #family()} is one of {@link CnnZoo#names()}
     */
    public boolean isNetwork() {
        return CnnZoo.contains(family);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return canonical();
    }
}
