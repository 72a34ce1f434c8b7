package kdlab.models;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import kdlab.models.cnn.CnnZooFamily;
import kdlab.models.ntk.NtkFamily;

/**
 * The registry of model families: the one place that maps the head of a spec (the text before its
 * first {@code :}) to the {@link ModelFamily} that parses it. Adding a family is one class, its
 * options record and one line in {@link #FAMILIES}.
 */
public final class ModelFamilies {

    /**
     * The general form of a spec, as messages about a spec that fits no family state it.
     *
     * <p>It names the MLP form because that is the family most specs use; the NTK form {@code
     * ntk:WIDTH[:kappa=K]} fits it too. The text is pinned by tests of the command line.
     */
    public static final String FORM = "FAMILY:W1[,W2...][:ACTIVATION], e.g. mlp:512,256:relu";

    /** The registered families, in the order error messages list their heads. */
    private static final List<ModelFamily> FAMILIES =
            List.of(MlpFamily.INSTANCE, NtkFamily.INSTANCE, CnnZooFamily.INSTANCE);

    static {
        // Two families claiming the same head would make parsing depend on this list's order.
        Set<String> seen = new HashSet<>();
        for (ModelFamily family : FAMILIES) {
            for (String head : family.heads()) {
                if (!seen.add(head.toLowerCase(Locale.ROOT))) {
                    throw new IllegalStateException(
                            "model families: head '" + head + "' is claimed twice");
                }
            }
        }
    }

    private ModelFamilies() {}

    /**
     * The registered families.
     *
     * @return the families, unmodifiable, in registration order
     */
    public static List<ModelFamily> all() {
        return FAMILIES;
    }

    /**
     * The heads of the families written with options, such as {@code mlp} in {@code mlp:512}.
     *
     * @return for example {@code [mlp, ntk]}
     */
    public static List<String> familiesWithOptions() {
        return FAMILIES.stream()
                .filter(ModelFamily::takesOptions)
                .flatMap(f -> f.heads().stream())
                .toList();
    }

    /**
     * The heads written alone: the names of fixed networks such as {@code resnet8}.
     *
     * @return the names, in registration order
     */
    public static List<String> networks() {
        return FAMILIES.stream()
                .filter(f -> !f.takesOptions())
                .flatMap(f -> f.heads().stream())
                .toList();
    }

    /**
     * Parses a spec with the family that claims its head; see {@link ModelSpec#parse(String)}.
     *
     * @param spec the spec
     * @return the spec
     * @throws ModelSpecException if the spec is blank, no family claims its head, or the family
     *     rejects the rest
     */
    public static ModelSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new ModelSpecException("model spec", FORM, spec);
        }
        String head = spec.split(":", -1)[0];
        for (ModelFamily family : FAMILIES) {
            if (family.claims(head)) {
                return family.parse(spec);
            }
        }
        if (!spec.contains(":")) {
            throw new ModelSpecException(
                    "model spec", FORM + ", or a network, one of " + networks(), spec);
        }
        throw new ModelSpecException(
                "model spec '" + spec + "' family",
                "one of "
                        + familiesWithOptions()
                        + " with widths, or a network written alone, one of "
                        + networks(),
                head.trim());
    }
}
