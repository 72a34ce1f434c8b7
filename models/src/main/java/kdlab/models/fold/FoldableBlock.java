package kdlab.models.fold;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A block that runs convolution–batch-norm pairs through {@link ConvBnPair#forward}, so that
 * {@link BatchNormFolding} can fold them (Jacob et al., CVPR 2018, §3.2).
 *
 * <p>Implementing this promises that each pair's convolution output is read by its batch norm
 * only: folding replaces the two by one convolution whose output is the batch norm's, so a
 * convolution output read elsewhere (a tap, a residual) would change meaning.
 */
public interface FoldableBlock extends Block {

    /**
     * The pairs this block runs itself, not those of its children.
     *
     * @return the pairs, in the order of the forward pass
     */
    List<ConvBnPair> convBnPairs();
}
