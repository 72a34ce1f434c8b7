package kdlab.engine.train;

import java.util.List;
import kdlab.engine.run.LoopState;

/**
 * How a training run ended.
 *
 * @param state the final loop counters, including the best epoch
 * @param stopReason "epochs", "early-stop" or "zero-loss"
 * @param weights which weights the model holds now: "best" or "last"
 * @param trainSeconds wall time of training and validation
 * @param epochs every epoch's record
 */
public record LoopResult(LoopState state, String stopReason, String weights, double trainSeconds, List<EpochRecord> epochs) {
    /** Copies the records. */
    public LoopResult {
        epochs = List.copyOf(epochs);
    }
}
