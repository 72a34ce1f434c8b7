package kdlab.models.ntk;

import java.util.List;
import kdlab.models.ModelFamily;
import kdlab.models.ModelSpec;
import kdlab.models.ModelSpecException;
import kdlab.models.tap.TappedBlock;

/**
 * The options of the {@link NtkFamily kernel-regime two-layer network} ({@link Ntk}; Du et al.,
 * ICLR 2019; Rahbar, Panahi et al., CIKM 2022): hidden width {@code m} and the standard deviation κ
 * of the hidden weights at initialisation.
 *
 * <p>The canonical text is {@code ntk:WIDTH:kappa=K}, always with κ, written as {@link
 * Double#toString(double)} writes it (the shortest decimal that reads back as the same double):
 * {@code ntk:2048} is {@code ntk:2048:kappa=1.0}, {@code ntk:64:kappa=.5} is {@code
 * ntk:64:kappa=0.5}, {@code ntk:64:kappa=1e-4} is {@code ntk:64:kappa=1.0E-4}.
 *
 * <p>The network flattens any example. Its theory assumes unit-norm inputs; the network itself
 * scales every input to {@code ‖x‖₂ = 1} ({@link Ntk#unitNorm}), noisy ones included, so the
 * dataset needs no preparation and a teacher of another family in the same run still sees the
 * raw inputs it was trained on.
 *
 * @param width the number of hidden units {@code m}, positive
 * @param kappa κ, positive and finite
 */
public record NtkSpec(int width, double kappa) implements ModelSpec {

    /** κ when a spec does not give it. */
    public static final double DEFAULT_KAPPA = 1.0;

    /**
     * Validates.
     *
     * @param width the number of hidden units
     * @param kappa κ
     * @throws ModelSpecException if the width is not positive or κ not a positive finite number
     */
    public NtkSpec {
        if (width <= 0) {
            throw new ModelSpecException("ntk width", "a positive integer", width);
        }
        Ntk.checkKappa(kappa, "ntk kappa");
    }

    /** {@inheritDoc} */
    @Override
    public ModelFamily family() {
        return NtkFamily.INSTANCE;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code ntk:WIDTH:kappa=K}, for example {@code "ntk:2048:kappa=1.0"}
     */
    @Override
    public String canonical() {
        return NtkFamily.NAME + ":" + width + ":" + NtkFamily.KAPPA + "=" + kappa;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code [hidden]}
     */
    @Override
    public List<String> tapNames() {
        return List.of(Ntk.HIDDEN_TAP);
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code bias} is ignored: the network has no biases.
     */
    @Override
    public TappedBlock build(int outputs, boolean bias) {
        return Ntk.builder().setWidth(width).setOutputSize(outputs).optKappa(kappa).build();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return canonical();
    }
}
