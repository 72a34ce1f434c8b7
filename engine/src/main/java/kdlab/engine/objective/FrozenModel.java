package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import kdlab.models.Trainability;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;

/**
 * The one place where a teacher is made frozen: its parameters stop requiring gradients, it always runs in
 * inference mode, and everything it returns is behind {@code stopGradient()}. Loss terms only ever see a
 * teacher through this class, so no term can forget one of the three.
 */
public final class FrozenModel {
    private final TappedBlock block;
    private final ParameterStore store;

    /**
     * Freezes {@code block} for good.
     *
     * @param block the teacher, already initialised and loaded
     * @param manager the manager whose device the teacher runs on
     */
    public FrozenModel(TappedBlock block, NDManager manager) {
        this.block = block;
        Trainability.freeze(block);
        this.store = new ParameterStore(manager, false);
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
