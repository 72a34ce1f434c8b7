package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import kdlab.models.Trainability;
import kdlab.models.fold.BatchNormFolding;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;

/**
 * The one place where a teacher is made frozen: its parameters stop requiring gradients, it always runs in
 * inference mode, and everything it returns is behind {@code stopGradient()}. Loss terms only ever see a
 * teacher through this class, so no term can forget one of the three.
 *
 * <p>Because it only ever runs in inference mode, the teacher's batch norms that follow a convolution are
 * folded into it (Jacob et al., CVPR 2018, §3.2; {@link BatchNormFolding}) once, here: the forward is
 * cheaper, and equals the unfolded one up to rounding (the models' {@code BatchNormFoldingTest} states how
 * close). No parameter changes, so what is saved or compared of the teacher stays as it was.
 */
public final class FrozenModel {
    private final TappedBlock block;
    private final ParameterStore store;
    private final int foldedBatchNorms;

    /**
     * Freezes {@code block} for good.
     *
     * @param block the teacher, already initialised and loaded: the batch norms fold from the parameters as
     *     they are now
     * @param manager the manager whose device the teacher runs on
     */
    public FrozenModel(TappedBlock block, NDManager manager) {
        this.block = block;
        Trainability.freeze(block);
        this.foldedBatchNorms = BatchNormFolding.fold(block);
        this.store = new ParameterStore(manager, false);
    }

    /** @return how many batch norms were folded into their convolutions; 0 for a network without any */
    public int foldedBatchNorms() {
        return foldedBatchNorms;
    }

    /** @return the frozen block, for reading its tap names and shapes */
    public TappedBlock block() {
        return block;
    }

    /**
     * Runs the teacher in inference mode.
     *
     * @param input a batch on the teacher's device
     * @return output and taps, all detached from any gradient graph
     */
    public Features forward(NDArray input) {
        NDList out = block.forward(store, new NDList(input), false);
        Features raw = Features.from(out, block.tapNames());
        Map<String, NDArray> taps = new LinkedHashMap<>();
        for (String name : raw.tapNames()) {
            taps.put(name, raw.tap(name).stopGradient());
        }
        return new Features(raw.output().stopGradient(), taps);
    }
}
