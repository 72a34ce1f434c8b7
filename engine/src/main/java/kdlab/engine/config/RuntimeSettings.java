package kdlab.engine.config;

/**
 * The settings of a run that are not part of its experiment: they change neither the model nor the data, so a
 * run may be resumed with other values (another device, another logging interval).
 *
 * @param device auto, cpu, gpu or gpu:N
 * @param logEvery steps between progress reads from the device
 * @param checkpointEvery optimizer steps between mid-epoch checkpoints (0: at epoch ends only)
 * @param teacherCache the {@code --teacher-cache} budget; caching changes no result, only the time
 */
public record RuntimeSettings(String device, int logEvery, int checkpointEvery, kdlab.engine.objective.TeacherCacheBudget teacherCache) {
    /** The defaults of the CLI. */
    public static final RuntimeSettings DEFAULT = new RuntimeSettings("auto", 50, 0);

    /**
     * Settings with the default teacher cache ({@code auto}).
     *
     * @param device auto, cpu, gpu or gpu:N
     * @param logEvery steps between progress reads from the device
     * @param checkpointEvery optimizer steps between mid-epoch checkpoints (0: at epoch ends only)
     */
    public RuntimeSettings(String device, int logEvery, int checkpointEvery) {
        this(device, logEvery, checkpointEvery, kdlab.engine.objective.TeacherCacheBudget.AUTO);
    }

    /**
     * @param device the device, or null to keep this one
     * @return these settings on that device
     */
    public RuntimeSettings onDevice(String device) {
        return device == null ? this : new RuntimeSettings(device, logEvery, checkpointEvery, teacherCache);
    }
}
