package kdlab.models.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import kdlab.models.ModelSpecException;
import kdlab.models.Trainability;

/**
 * The output layer of the kernel-regime two-layer network (Du, Zhai, Poczós and Singh, ICLR 2019):
 * {@code f_k(h) = (1/√m) Σ_r a_rk h_r} for hidden features {@code h ∈ R^m}, with signs {@code
 * a_rk ∈ {−1, +1}} drawn uniformly at initialisation and never trained.
 *
 * <p>The signs are a parameter named {@value #SIGNS}, of shape {@code [m, K]}, so that {@code
 * saveParameters}/{@code loadParameters} keep the network a checkpoint was written from; its name
 * starts with {@link Trainability#FIXED_PREFIX}, which tells {@link Trainability} never to train
 * it, and it is created requiring no gradient. The draw uses the engine's random generator through
 * the initialising manager, so it is fixed by {@code Engine.setRandomSeed}.
 */
public final class FixedSignReadout extends AbstractBlock {

    /** The name of the signs parameter, the {@code a} of the paper. */
    public static final String SIGNS = Trainability.FIXED_PREFIX + "a";

    private static final byte VERSION = 1;

    /** Draws each entry from {−1, +1} with equal probability. */
    private static final Initializer RANDOM_SIGNS =
            (manager, shape, dataType) -> randomSigns(manager, shape, dataType);

    private final int width;
    private final int outputs;
    private final Parameter signs;

    /**
     * Creates the readout.
     *
     * @param width the number of hidden units {@code m}, at least 1
     * @param outputs the number of outputs {@code K}, at least 1
     * @throws ModelSpecException if a size is not positive
     */
    public FixedSignReadout(int width, int outputs) {
        super(VERSION);
        if (width <= 0) {
            throw new ModelSpecException("ntk readout width", "a positive integer", width);
        }
        if (outputs <= 0) {
            throw new ModelSpecException("ntk output size", "a positive integer", outputs);
        }
        this.width = width;
        this.outputs = outputs;
        this.signs =
                addParameter(
                        Parameter.builder()
                                .setName(SIGNS)
                                .setType(Parameter.Type.OTHER)
                                .optShape(new Shape(width, outputs))
                                .optInitializer(RANDOM_SIGNS)
                                .optRequiresGrad(false)
                                .build());
    }

    /**
     * The readout as a function: {@code h · a / √m}.
     *
     * @param hidden the hidden features {@code [N, m]}
     * @param signs the signs {@code [m, K]}
     * @return the outputs {@code [N, K]}
     */
    public static NDArray readout(NDArray hidden, NDArray signs) {
        long m = signs.getShape().get(0);
        // The product is left to the batch's manager, as DJL's own blocks leave their temporaries; the divisor is
        // a tensor of its own (Scalars: div(Number) would hand the backward pass a scalar the JVM may free).
        return kdlab.models.Scalars.div(hidden.matMul(signs), Math.sqrt(m));
    }

    /**
     * Draws signs, each {@code −1} or {@code +1} with probability ½, from the manager's generator.
     *
     * @param manager the manager that will own the array
     * @param shape the shape
     * @param dataType the data type
     * @return the signs
     */
    static NDArray randomSigns(NDManager manager, Shape shape, DataType dataType) {
        try (NDArray bits = manager.randomInteger(0, 2, shape, DataType.INT64);
                NDArray values = bits.toType(dataType, true);
                NDArray twice = values.mul(2)) {
            return twice.sub(1);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray hidden = inputs.singletonOrThrow();
        NDArray a = parameterStore.getValue(signs, hidden.getDevice(), training);
        return new NDList(readout(hidden, a));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), outputs)};
    }

    /**
     * {@inheritDoc}
     *
     * @throws ModelSpecException if the input is not {@code [N, m]}
     */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        if (s.dimension() != 2 || s.get(1) != width) {
            throw new ModelSpecException(
                    "ntk readout input", "features [N, " + width + "]", s);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "FixedSignReadout(" + width + " -> " + outputs + ")";
    }
}
