package kdlab.engine.train;

/** Observes the training loop from outside: progress display, logs. Every method defaults to nothing. */
public interface TrainingListener {
    /**
     * Called at each logging interval with the running means of the epoch so far.
     *
     * @param epoch zero-based epoch
     * @param step steps done in this epoch
     * @param stepsPerEpoch steps in an epoch
     * @param running the epoch's running means
     */
    default void onProgress(int epoch, int step, int stepsPerEpoch, SplitMetrics running) {}

    /**
     * Called when an epoch and its validation are done.
     *
     * @param record the epoch's figures
     */
    default void onEpochEnd(EpochRecord record) {}

    /**
     * Called once before the first step when the objective reads the teacher on clean inputs: whether its
     * features are kept on the device, and why.
     *
     * @param decision the cache (or null) and a line saying why
     */
    default void onTeacherCache(kdlab.engine.objective.TeacherCache.Decision decision) {}
}
