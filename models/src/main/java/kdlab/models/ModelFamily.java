package kdlab.models;

import java.util.List;

/**
 * One family of models: its name, the heads that start its specs, its parser and an example. Each
 * family is one small class with an options record implementing {@link ModelSpec}, which builds
 * the network and prepares its inputs; {@link ModelFamilies} is the one place that lists them.
 */
public interface ModelFamily {

    /**
     * The family's name, for messages and listings.
     *
     * @return for example {@code "mlp"}
     */
    String name();

    /**
     * The heads (the text before the first {@code :}) that start a spec of this family, in their
     * canonical spelling; a head is matched ignoring case and surrounding blanks.
     *
     * @return for example {@code [mlp]}, or the names of every network of a zoo; by default the
     *     family's name alone
     */
    default List<String> heads() {
        return List.of(name());
    }

    /**
     * Whether a spec of this family continues after its head with {@code :OPTIONS}; if not, the
     * head is written alone.
     *
     * @return {@code true} for {@code mlp:512} (the default), {@code false} for {@code resnet8}
     */
    default boolean takesOptions() {
        return true;
    }

    /**
     * A spec this family parses, for documentation and tests.
     *
     * @return for example {@code "mlp:512,256:relu"}
     */
    String example();

    /**
     * Whether a head names this family.
     *
     * @param head the text before the first {@code :} of a spec
     * @return whether one of {@link #heads()} equals it, ignoring case and surrounding blanks
     */
    default boolean claims(String head) {
        String key = head.trim();
        return heads().stream().anyMatch(h -> h.equalsIgnoreCase(key));
    }

    /**
     * Parses a whole spec whose head this family {@linkplain #claims(String) claims}.
     *
     * @param spec the spec as written, for example {@code " MLP : 64 : Identity "}
     * @return the spec
     * @throws ModelSpecException naming the part that is wrong, what was expected and what was
     *     found
     */
    ModelSpec parse(String spec);
}
