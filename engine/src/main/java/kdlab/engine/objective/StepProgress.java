package kdlab.engine.objective;

/**
 * Where a step falls in the run, for weight schedules and terms that change with training (SoTeacher's
 * ramp, CRD's warm-up). Derived from the loop counters only, so a resumed run sees the same values.
 *
 * @param epoch the zero-based epoch
 * @param step the zero-based step within the epoch
 * @param stepsPerEpoch steps in one epoch
 * @param plannedEpochs planned epochs
 */
public record StepProgress(int epoch, int step, int stepsPerEpoch, int plannedEpochs) {
    /**
     * @param epoch a zero-based epoch
     * @param plannedEpochs planned epochs
     * @return the end of that epoch, where its validation runs
     */
    public static StepProgress endOf(int epoch, int plannedEpochs) {
        return new StepProgress(epoch, 1, 1, plannedEpochs);
    }

    /** @return epochs done so far, fractional: epoch + step / stepsPerEpoch */
    public double elapsedEpochs() {
        return epoch + (double) step / Math.max(1, stepsPerEpoch);
    }
}
