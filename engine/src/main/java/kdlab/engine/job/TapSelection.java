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
        return resolve(requested, student, teacher, inputShape, null).taps();
    }

    /**
     * Taps and the connectors they need.
     *
     * @param taps the validated tap names
     * @param connectors uninitialised connectors by tap, where the shapes differ
     * @param studentShapes each matched tap's student shape, to initialise the connectors with
     */
    public record Selection(List<String> taps, java.util.Map<String, ai.djl.nn.Block> connectors, java.util.Map<String, Shape> studentShapes) {}

    /**
     * @param requested the names given with --taps; empty means every tap the two models share
     * @param student the student
     * @param teacher the teacher
     * @param inputShape a one-example input shape
     * @param connector the kind of connector for taps whose shapes differ, or null to refuse them
     * @return the validated taps and their connectors
     * @throws UsageException naming the unknown tap or the shape mismatch
     */
    public static Selection resolve(List<String> requested, TappedBlock student, TappedBlock teacher, Shape inputShape,
            kdlab.models.adapt.ConnectorKind connector) {
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
        java.util.Map<String, ai.djl.nn.Block> connectors = new java.util.LinkedHashMap<>();
        java.util.Map<String, Shape> shapes = new java.util.LinkedHashMap<>();
        for (String name : chosen) {
            Shape ss = s[1 + studentTaps.indexOf(name)];
            Shape ts = t[1 + teacherTaps.indexOf(name)];
            shapes.put(name, ss);
            if (!ss.equals(ts)) {
                if (connector == null) {
                    throw new UsageException("--taps " + name + ": the student's activation has shape " + ss + " but the teacher's has " + ts
                            + "; feature matching needs equal shapes: use the teacher's --model or add --connector linear|conv");
                }
                connectors.put(name, connector.build(name, ss, ts));
            }
        }
        return new Selection(List.copyOf(chosen), connectors, shapes);
    }
}
