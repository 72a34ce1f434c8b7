package kdlab.engine.train;

import kdlab.engine.run.LoopState;

/**
 * Keeps the best epoch by a validation figure (higher is better) and decides when patience has run out.
 * Hong et al. (CVPR 2021) find that the teacher's benefit lives along the trajectory, not at zero training
 * loss, so the student is judged at its best validation epoch.
 */
public final class EarlyStopping {
    private EarlyStopping() {}

    /**
     * @param before the state before this epoch
     * @param epoch the 1-based epoch just finished
     * @param steps optimizer steps so far
     * @param metric this epoch's validation figure, higher is better
     * @return the state after this epoch
     */
    public static LoopState update(LoopState before, int epoch, long steps, double metric) {
        boolean improved = metric > before.bestMetric() || before.bestEpoch() == 0;
        if (improved) {
            return new LoopState(epoch, steps, epoch, metric, 0);
        }
        return new LoopState(epoch, steps, before.bestEpoch(), before.bestMetric(), before.epochsSinceBest() + 1);
    }

    /**
     * @param state the state after an epoch
     * @param patience epochs without improvement allowed; 0 never stops
     * @return whether to stop
     */
    public static boolean shouldStop(LoopState state, int patience) {
        return patience > 0 && state.epochsSinceBest() >= patience;
    }
}
