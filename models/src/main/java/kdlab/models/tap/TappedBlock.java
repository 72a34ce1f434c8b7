package kdlab.models.tap;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import kdlab.models.ModelSpecException;

/**
 * A sequential container whose forward pass returns the output followed by the feature at every
 * {@link Tap}.
 *
 * <p>The children run in the order they were added, each feeding its output to the next; a tap
 * passes its input on unchanged and records it. {@link #forward} returns an {@link NDList} whose
 * element 0 is the final output, named {@value #OUTPUT_NAME}, followed by one array per tap in
 * order, each named after its tap. The output and every tap must be a single array.
 *
 * <p>The children are registered as DJL child blocks, so parameters, initialisation, {@code
 * saveParameters}/{@code loadParameters} and {@code freezeParameters} reach all of them. The
 * saved parameters also record the tap names, and loading them into a network with other taps
 * fails.
 */
public final class TappedBlock extends AbstractBlock {

    /** The name given to the output array, element 0 of the forward result. */
    public static final String OUTPUT_NAME = "output";

    private static final byte VERSION = 1;

    private final List<Block> blocks;
    private final List<String> tapNames;

    private TappedBlock(List<Block> blocks) {
        super(VERSION);
        this.blocks = List.copyOf(blocks);
        List<String> names = new ArrayList<>();
        for (Block block : this.blocks) {
            if (block instanceof Tap tap) {
                names.add(tap.getName());
                addChildBlock("Tap_" + tap.getName(), tap);
            } else {
                String simple = block.getClass().getSimpleName();
                addChildBlock(simple.isEmpty() ? "Block" : simple, block);
            }
        }
        this.tapNames = Collections.unmodifiableList(names);
    }

    /**
     * Starts a new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tap names, in network order (the order of the forward result after the output).
     *
     * @return an unmodifiable list
     */
    public List<String> tapNames() {
        return tapNames;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        // Arrays already handed out (the caller's inputs, earlier taps). Naming one of them again
        // would rename the caller's array or an earlier tap, so such an array is replaced by a
        // view of itself, which costs no copy and keeps the autograd graph.
        Set<NDArray> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        handedOut.addAll(inputs);
        NDList current = inputs;
        NDList taps = new NDList(tapNames.size());
        for (Block block : blocks) {
            if (block instanceof Tap tap) {
                NDArray feature = single(current, "tap '" + tap.getName() + "'");
                taps.add(named(feature, tap.getName(), handedOut));
            } else {
                current = block.forward(parameterStore, current, training, params);
            }
        }
        NDList result = new NDList(tapNames.size() + 1);
        result.add(named(single(current, "output"), OUTPUT_NAME, handedOut));
        result.addAll(taps);
        return result;
    }

    /**
     * Runs a forward pass on one input array and returns the features by name.
     *
     * @param parameterStore the parameter store
     * @param input the input batch
     * @param training whether this is a training pass
     * @return the output and the taps
     */
    public Features forwardFeatures(
            ParameterStore parameterStore, NDArray input, boolean training) {
        return Features.from(forward(parameterStore, new NDList(input), training), tapNames);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The shapes follow the forward result: the output's shape, then each tap's.
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape[] current = inputs;
        List<Shape> taps = new ArrayList<>(tapNames.size());
        for (Block block : blocks) {
            if (block instanceof Tap tap) {
                taps.add(single(current, "tap '" + tap.getName() + "'"));
            } else {
                current = block.getOutputShapes(current);
            }
        }
        Shape[] result = new Shape[taps.size() + 1];
        result[0] = single(current, "output");
        for (int i = 0; i < taps.size(); i++) {
            result[i + 1] = taps.get(i);
        }
        return result;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : blocks) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(tapNames.size());
        for (String name : tapNames) {
            os.writeUTF(name);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "TappedBlock parameters: expected version "
                            + VERSION
                            + ", found "
                            + loadVersion);
        }
        readInputShapes(is);
        int count = is.readInt();
        List<String> saved = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            saved.add(is.readUTF());
        }
        // Parameters saved from another architecture could otherwise load without error whenever
        // the tensor shapes happen to agree.
        if (!saved.equals(tapNames)) {
            throw new MalformedModelException(
                    "TappedBlock parameters: expected taps " + tapNames + ", found " + saved);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tapped(\n");
        for (Block block : blocks) {
            sb.append('\t').append(block).append('\n');
        }
        return sb.append(')').toString();
    }

    private static NDArray named(NDArray array, String name, Set<NDArray> handedOut) {
        NDArray result = handedOut.contains(array) ? array.reshape(array.getShape()) : array;
        result.setName(name);
        handedOut.add(result);
        return result;
    }

    private static NDArray single(NDList list, String where) {
        if (list.size() != 1) {
            throw new ModelSpecException(
                    where + ": expected exactly one array, found " + list.size() + " arrays");
        }
        return list.get(0);
    }

    private static Shape single(Shape[] shapes, String where) {
        if (shapes.length != 1) {
            throw new ModelSpecException(
                    where + ": expected exactly one array, found " + shapes.length + " arrays");
        }
        return shapes[0];
    }

    /** Assembles a {@link TappedBlock}; {@link #build()} validates. */
    public static final class Builder {

        private final List<Block> blocks = new ArrayList<>();

        private Builder() {}

        /**
         * Appends a block; a {@link Tap} counts as a tap.
         *
         * @param block the block, used as is (not copied)
         * @return this builder
         */
        public Builder add(Block block) {
            blocks.add(Objects.requireNonNull(block, "block"));
            return this;
        }

        /**
         * Appends a tap recording the current feature.
         *
         * @param name the tap's name
         * @return this builder
         * @throws ModelSpecException if {@code name} is null or blank
         */
        public Builder addTap(String name) {
            return add(Tap.named(name));
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws ModelSpecException if there is no block besides taps, or if tap names repeat or
         *     take the reserved name {@value TappedBlock#OUTPUT_NAME}
         */
        public TappedBlock build() {
            if (blocks.stream().allMatch(b -> b instanceof Tap)) {
                throw new ModelSpecException(
                        "tapped block: expected at least one block besides taps, found "
                                + blocks.size()
                                + " taps");
            }
            Set<String> seen = new HashSet<>();
            for (Block block : blocks) {
                if (block instanceof Tap tap) {
                    if (tap.getName().equals(OUTPUT_NAME)) {
                        throw new ModelSpecException(
                                "tap name",
                                "a name other than '" + OUTPUT_NAME + "' (it names the output)",
                                tap.getName());
                    }
                    if (!seen.add(tap.getName())) {
                        throw new ModelSpecException(
                                "tap name: expected each name once, found '"
                                        + tap.getName()
                                        + "' more than once");
                    }
                }
            }
            return new TappedBlock(blocks);
        }
    }
}
