package kdlab.models.fold;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds the batch norms of a network that runs in inference mode into the convolutions before
 * them (Jacob et al., CVPR 2018, §3.2; batch normalisation: Ioffe and Szegedy, ICML 2015).
 *
 * <p>Only the pairs the network's builders declared ({@link FoldableBlock}) fold; a batch norm
 * that follows something other than a convolution read by nothing else (a pre-activation batch
 * norm after a residual sum, say) stays as it is. The result is the unfolded network's up to the
 * rounding of the reordered arithmetic; see {@link ConvBnPair} for when a fold is dropped again.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {}

    /**
     * Folds every declared pair of {@code root} and its descendants from the parameters' current
     * values (so fold after loading them); folding again recomputes the same folds.
     *
     * @param root the network, initialised
     * @return the number of pairs folded; 0 for a network without foldable pairs
     * @throws IllegalStateException if a pair's parameters are not initialised; then nothing is
     *     folded anew
     */
    public static int fold(Block root) {
        List<ConvBnPair> pairs = pairs(root);
        for (ConvBnPair pair : pairs) {
            for (var p : pair.conv().getParameters().values()) {
                requireInitialised(p);
            }
            for (var p : pair.bn().getParameters().values()) {
                requireInitialised(p);
            }
        }
        for (ConvBnPair pair : pairs) {
            pair.fold();
        }
        return pairs.size();
    }

    /**
     * Drops every fold of {@code root} and its descendants.
     *
     * @param root the network
     * @return the number of pairs that were folded
     */
    public static int unfold(Block root) {
        int n = 0;
        for (ConvBnPair pair : pairs(root)) {
            if (pair.isFolded()) {
                n++;
            }
            pair.unfold();
        }
        return n;
    }

    /**
     * Every declared pair of {@code root} and its descendants, in depth-first order of the
     * children.
     *
     * @param root the network
     * @return the pairs, folded or not
     */
    public static List<ConvBnPair> pairs(Block root) {
        List<ConvBnPair> result = new ArrayList<>();
        collect(root, result);
        return result;
    }

    private static void collect(Block block, List<ConvBnPair> into) {
        if (block instanceof FoldableBlock foldable) {
            into.addAll(foldable.convBnPairs());
        }
        for (Block child : block.getChildren().values()) {
            collect(child, into);
        }
    }

    private static void requireInitialised(ai.djl.nn.Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException(
                    "cannot fold batch norms: parameter '" + p.getName() + "' is not initialised");
        }
    }
}
