package kdlab.engine.objective;

/**
 * Where a step falls in the run, for weight schedules and terms that change with training (SoTeacher's
 * ramp, CRD's warm-up). Derived from the loop counters only, so a resumed run sees the same values.
 *
 * @param epoch the zero-based epoch
 * @param step the zero-based step within the epoch
 * @param stepsPerEpoch steps in one epoch
 * @param plannedEpochs planned epochs (of the phase)
 * @param phase the name of the phase the step belongs to: {@value #MAIN} for the main training, or the name of
 *     one of the experiment's {@code phases} that run before it (AB's, FT's and FSP's initialisation); epoch and
 *     step count within the phase
 */
public record StepProgress(int epoch, int step, int stepsPerEpoch, int plannedEpochs, String phase) {
    /** The phase name of the main training, after any initialisation phases. */
    public static final String MAIN = "main";

    /**
     * A step of the main training.
     *
     * @param epoch the zero-based epoch
     * @param step the zero-based step within the epoch
     * @param stepsPerEpoch steps in one epoch
     * @param plannedEpochs planned epochs
     */
    public StepProgress(int epoch, int step, int stepsPerEpoch, int plannedEpochs) {
        this(epoch, step, stepsPerEpoch, plannedEpochs, MAIN);
    }

    /** @return whether the step belongs to the main training rather than an initialisation phase */
    public boolean inMain() {
        return MAIN.equals(phase);
    }

    /**
     * @param epoch a zero-based epoch
     * @param plannedEpochs planned epochs
     * @return the end of that epoch of the main training, where its validation runs
     */
    public static StepProgress endOf(int epoch, int plannedEpochs) {
        return endOf(epoch, plannedEpochs, MAIN);
    }

    /**
     * @param epoch a zero-based epoch
     * @param plannedEpochs planned epochs of the phase
     * @param phase the phase
     * @return the end of that epoch, where its validation runs
     */
    public static StepProgress endOf(int epoch, int plannedEpochs, String phase) {
        return new StepProgress(epoch, 1, 1, plannedEpochs, phase);
    }

    /** @return epochs done so far, fractional: epoch + step / stepsPerEpoch */
    public double elapsedEpochs() {
        return epoch + (double) step / Math.max(1, stepsPerEpoch);
    }
}
