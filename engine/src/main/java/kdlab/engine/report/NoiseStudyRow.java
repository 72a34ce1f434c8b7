package kdlab.engine.report;

/**
 * One noise level of a clean→noisy study (Hong et al., CVPR 2021): the baseline student and the
 * student-teacher student, both scored on noisy test inputs at their best validation epoch.
 *
 * @param noise the noise spec
 * @param level the noise level plotted on the x axis (σ, photons or P)
 * @param baselineAccuracy baseline accuracy on noisy test inputs
 * @param studentTeacherAccuracy student-teacher accuracy on noisy test inputs
 * @param baselineBestEpoch the baseline's kept epoch
 * @param studentTeacherBestEpoch the student-teacher student's kept epoch
 */
public record NoiseStudyRow(
        String noise,
        double level,
        double baselineAccuracy,
        double studentTeacherAccuracy,
        int baselineBestEpoch,
        int studentTeacherBestEpoch) {}
