package kdlab.models;

import java.util.List;
import java.util.stream.Collectors;
import kdlab.models.tap.TappedBlock;

/**
 * The options of the {@link MlpFamily multilayer perceptron}: hidden widths and activation. The
 * canonical text is {@code mlp:W1,W2,...:ACTIVATION}, for example {@code mlp:512,512:relu}.
 *
 * <p>The network flattens any example, so it takes examples of any shape as they are: no input
 * preparation.
 *
 * @param widths the hidden widths, input side first; at least one, all positive
 * @param activation the hidden activation
 */
public record MlpSpec(List<Integer> widths, Activation activation) implements ModelSpec {

    /**
     * Validates and copies.
     *
     * @param widths the hidden widths, input side first
     * @param activation the hidden activation
     * @throws ModelSpecException if there is no width, a width is not positive or the activation
     *     is null
     */
    public MlpSpec {
        if (widths == null || widths.isEmpty()) {
            throw new ModelSpecException(
                    "model widths: expected at least one hidden width, found none");
        }
        for (int i = 0; i < widths.size(); i++) {
            Integer width = widths.get(i);
            if (width == null || width <= 0) {
                throw new ModelSpecException("model width " + (i + 1), "a positive integer", width);
            }
        }
        widths = List.copyOf(widths);
        if (activation == null) {
            throw new ModelSpecException("model activation", "one of " + Activation.ids(), null);
        }
    }

    /** {@inheritDoc} */
    @Override
    public ModelFamily family() {
        return MlpFamily.INSTANCE;
    }

    /** {@inheritDoc} */
    @Override
    public String canonical() {
        String joined = widths.stream().map(String::valueOf).collect(Collectors.joining(","));
        return MlpFamily.NAME + ":" + joined + ":" + activation.id();
    }

    /** {@inheritDoc} */
    @Override
    public List<String> tapNames() {
        return Mlp.tapNames(widths.size());
    }

    /** {@inheritDoc} */
    @Override
    public TappedBlock build(int outputs, boolean bias) {
        return Mlp.builder()
                .setHiddenWidths(widths)
                .setOutputSize(outputs)
                .optActivation(activation)
                .optBias(bias)
                .build();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return canonical();
    }
}
