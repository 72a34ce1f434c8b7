package kdlab.models.tap;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import kdlab.models.ModelSpecException;

/**
 * A named identity block that marks where a {@link TappedBlock} records a feature.
 *
 * <p>A tap has no parameters and returns its input unchanged; outside a {@link TappedBlock} (in a
 * DJL {@code SequentialBlock}, say) it is a no-op, so a tapped architecture stays usable as a
 * plain block.
 */
public final class Tap extends AbstractBlock {

    private static final byte VERSION = 1;

    private final String name;

    private Tap(String name) {
        super(VERSION);
        this.name = name;
    }

    /**
     * Creates a tap.
     *
     * @param name the feature's name, for example {@code "hidden1"}
     * @return the tap
     * @throws ModelSpecException if {@code name} is null or blank
     */
    public static Tap named(String name) {
        if (name == null || name.isBlank()) {
            throw new ModelSpecException("tap name", "a non-blank name", name);
        }
        return new Tap(name);
    }

    /**
     * The feature's name.
     *
     * @return the name given to {@link #named(String)}
     */
    public String getName() {
        return name;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return inputs;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return inputs;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Tap(" + name + ")";
    }
}
