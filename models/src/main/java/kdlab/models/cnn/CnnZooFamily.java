package kdlab.models.cnn;

import java.util.List;
import kdlab.models.ModelFamilies;
import kdlab.models.ModelFamily;
import kdlab.models.ModelSpecException;

/**
 * The family of the fixed convolutional networks of {@link CnnZoo}, each written by its name alone
 * and in any case ({@code resnet8}, {@code wrn_16_2}, {@code mobilenetv2} ...). Parses into a
 * {@link CnnSpec}.
 */
public final class CnnZooFamily implements ModelFamily {

    /** The one instance, registered in {@link ModelFamilies}. */
    public static final CnnZooFamily INSTANCE = new CnnZooFamily();

    private CnnZooFamily() {}

    /**
     * {@inheritDoc}
     *
     * @return {@code "cnn"}
     */
    @Override
    public String name() {
        return "cnn";
    }

    /**
     * {@inheritDoc}
     *
     * @return the network names, {@link CnnZoo#names()}
     */
    @Override
    public List<String> heads() {
        return CnnZoo.names();
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code false}: a network is written by its name alone
     */
    @Override
    public boolean takesOptions() {
        return false;
    }

    /** {@inheritDoc} */
    @Override
    public String example() {
        return "resnet8";
    }

    /**
     * {@inheritDoc}
     *
     * @throws ModelSpecException if anything follows the name
     */
    @Override
    public CnnSpec parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 1) {
            String network = CnnZoo.canonicalName(parts[0]);
            throw new ModelSpecException(
                    "model spec '"
                            + spec
                            + "': network '"
                            + network
                            + "' takes no widths or activation; write '"
                            + network
                            + "'");
        }
        return new CnnSpec(spec);
    }
}
