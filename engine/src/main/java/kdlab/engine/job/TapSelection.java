package kdlab.engine.job;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import kdlab.engine.UsageException;
import kdlab.models.tap.TappedBlock;

/**
 * Chooses and checks the taps a student matches against its teacher, before the first batch: every name
 * must exist in both models and the two activations must have the same shape (Hong et al. compare features
 * directly, with no adapter).
 */
public final class TapSelection {
    private TapSelection() {}

    /**
     * @param requested the names given with --taps; empty means every tap the two models share
     * @param student the student
     * @param teacher the teacher
     * @param inputShape a one-example input shape
     * @return the validated tap names
     * @throws UsageException naming the unknown tap or the shape mismatch
     */
    public static List<String> resolve(List<String> requested, TappedBlock student, TappedBlock teacher, Shape inputShape) {
        List<String> studentTaps = student.tapNames();
        List<String> teacherTaps = teacher.tapNames();
        List<String> chosen = new ArrayList<>();
        if (requested.isEmpty()) {
            for (String t : teacherTaps) {
                if (studentTaps.contains(t)) {
                    chosen.add(t);
                }
            }
            if (chosen.isEmpty()) {
                throw new UsageException("--taps: the student (" + studentTaps + ") and the teacher (" + teacherTaps + ") share no tap name");
            }
        } else {
            for (String t : requested) {
                if (!teacherTaps.contains(t)) {
                    throw new UsageException("--taps: unknown tap '" + t + "'; the teacher has " + String.join(", ", teacherTaps));
                }
                if (!studentTaps.contains(t)) {
                    throw new UsageException("--taps: unknown tap '" + t + "'; the student has " + String.join(", ", studentTaps));
                }
                chosen.add(t);
            }
        }
        Shape[] s = student.getOutputShapes(new Shape[] {inputShape});
        Shape[] t = teacher.getOutputShapes(new Shape[] {inputShape});
        for (String name : chosen) {
            Shape ss = s[1 + studentTaps.indexOf(name)];
            Shape ts = t[1 + teacherTaps.indexOf(name)];
            if (!ss.equals(ts)) {
                throw new UsageException("--taps " + name + ": the student's activation has shape " + ss + " but the teacher's has " + ts
                        + "; feature matching needs equal shapes (use the teacher's --model)");
            }
        }
        return List.copyOf(chosen);
    }
}
