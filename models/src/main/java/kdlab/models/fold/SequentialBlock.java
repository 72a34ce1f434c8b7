package kdlab.models.fold;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * DJL's sequential container that also holds {@link ConvBnPair}s, so that their batch norms can
 * be folded into their convolutions in inference mode (Jacob et al., CVPR 2018, §3.2).
 *
 * <p>The class is named like the DJL class it extends on purpose: DJL's containers and {@link
 * kdlab.models.tap.TappedBlock} name a child after its class's simple name, and parameter names,
 * and with them checkpoints, derive from those. A pair's blocks are added as two ordinary
 * children, one after the other, so the children and their names are those of a DJL {@code
 * SequentialBlock} to which the convolution and the batch norm were added; saved parameters are
 * the same bytes.
 *
 * <p>A training-mode forward, and any forward while no pair is folded, is DJL's own. An
 * inference-mode forward runs the children in order but hands each pair to {@link
 * ConvBnPair#forward}, which runs its folded convolution and skips the batch norm.
 */
public class SequentialBlock extends ai.djl.nn.SequentialBlock implements FoldableBlock {

    private final List<ConvBnPair> pairs = new ArrayList<>();
    /** Each pair by its convolution, for the forward pass. */
    private final Map<Block, ConvBnPair> byConv = new IdentityHashMap<>();

    /** Creates an empty container. */
    public SequentialBlock() {}

    /**
     * Appends a pair's convolution and batch norm as two children, in that order.
     *
     * @param pair the pair
     * @return this block
     */
    public SequentialBlock addPair(ConvBnPair pair) {
        add(pair.conv());
        add(pair.bn());
        pairs.add(pair);
        byConv.put(pair.conv(), pair);
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public List<ConvBnPair> convBnPairs() {
        return Collections.unmodifiableList(pairs);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the last block is a pair's batch norm, which cannot be
     *     removed from its pair
     */
    @Override
    public void removeLastBlock() {
        checkLastNotPaired();
        super.removeLastBlock();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the last block is a pair's batch norm, which cannot be
     *     replaced within its pair
     */
    @Override
    public void replaceLastBlock(Block block) {
        checkLastNotPaired();
        super.replaceLastBlock(block);
    }

    private void checkLastNotPaired() {
        List<Block> children = getChildren().values();
        if (!children.isEmpty()) {
            Block last = children.get(children.size() - 1);
            for (ConvBnPair pair : pairs) {
                if (pair.bn() == last) {
                    throw new IllegalStateException(
                            "the last block is the batch norm of a convolution-batch-norm pair");
                }
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (training || isReturnIntermediate() || !anyFolded()) {
            if (training) {
                // The pass moves the running statistics the folds were computed from.
                pairs.forEach(ConvBnPair::unfold);
            }
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        NDList current = inputs;
        List<Block> children = getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block block = children.get(i);
            ConvBnPair pair = byConv.get(block);
            if (pair != null) {
                // addPair put the batch norm right after the convolution; the pair runs both.
                current =
                        new NDList(
                                pair.forward(
                                        parameterStore, current.singletonOrThrow(), false, null));
                i++;
            } else {
                // As DJL's forward: without the call's parameters.
                current = block.forward(parameterStore, current, false);
            }
        }
        return current;
    }

    private boolean anyFolded() {
        for (ConvBnPair pair : pairs) {
            if (pair.isFolded()) {
                return true;
            }
        }
        return false;
    }
}
