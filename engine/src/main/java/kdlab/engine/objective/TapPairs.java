package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.BinaryOperator;
import kdlab.models.tap.Features;

/**
 * The student taps a feature term compares and the teacher tap paired with each (AT, SP, and the zoo's other
 * per-layer terms): read from a spec's {@code taps} and optional {@code teacher_taps}, checked against both
 * models with the term's own shape rule before the first batch, and summed over at each step.
 *
 * @param student the student's taps, at least one
 * @param teacher the teacher's tap paired with each, in the same order
 */
public record TapPairs(List<String> student, List<String> teacher) {
    /** A term's rule for one pair of tap shapes (one example each). */
    @FunctionalInterface
    public interface ShapeRule {
        /**
         * @param student the student tap's shape
         * @param teacher the teacher tap's shape
         * @return what is wrong with the pair, or null when the term can compare them
         */
        String problem(Shape student, Shape teacher);
    }

    /** Any two shapes (terms that reduce each feature to an N × N matrix). */
    public static final ShapeRule ANY_SHAPES = (s, t) -> null;

    /** Validates and copies. */
    public TapPairs {
        if (student.isEmpty() || student.size() != teacher.size()) {
            throw new IllegalArgumentException("expected at least one tap and one teacher tap per student tap, found " + student + " and " + teacher);
        }
        student = List.copyOf(student);
        teacher = List.copyOf(teacher);
    }

    /**
     * @param context the term's context
     * @param taps the spec's {@code taps}
     * @param teacherTaps the spec's {@code teacher_taps}, or null or empty for the same names
     * @param required what the taps are, for the message when none are given
     * @param rule the term's shape rule
     * @return the checked pairs
     */
    public static TapPairs read(TermContext context, List<String> taps, List<String> teacherTaps, String required, ShapeRule rule) {
        if (taps == null || taps.isEmpty()) {
            throw context.error("taps", "required: " + required + "; the student has " + String.join(", ", context.student().tapNames()));
        }
        boolean own = teacherTaps != null && !teacherTaps.isEmpty();
        List<String> paired = own ? teacherTaps : taps;
        if (paired.size() != taps.size()) {
            throw context.error("teacher_taps", "expected one teacher tap per student tap (" + taps.size() + "), found " + paired.size());
        }
        for (int i = 0; i < taps.size(); i++) {
            Shape s = context.studentTap("taps", taps.get(i));
            Shape t = context.teacherTap(own ? "teacher_taps" : "taps", paired.get(i));
            String problem = rule.problem(s, t);
            if (problem != null) {
                throw context.error("taps", "student tap " + taps.get(i) + " " + s + " and teacher tap " + paired.get(i) + " " + t + ": " + problem);
            }
        }
        return new TapPairs(taps, paired);
    }

    /**
     * @param student the student view's features
     * @param teacher the teacher view's features
     * @param loss the term's loss for one pair
     * @return the sum over the pairs
     */
    public NDArray sum(Features student, Features teacher, BinaryOperator<NDArray> loss) {
        return sum(student, teacher, (tap, s, t) -> loss.apply(s, t));
    }

    /** A pair's loss that may name the student tap in its messages. */
    @FunctionalInterface
    public interface PairLoss {
        /**
         * @param studentTap the student tap's name
         * @param student its feature
         * @param teacher the paired teacher feature
         * @return the pair's loss
         */
        NDArray apply(String studentTap, NDArray student, NDArray teacher);
    }

    /**
     * @param student the student view's features
     * @param teacher the teacher view's features
     * @param loss the term's loss for one named pair
     * @return the sum over the pairs
     */
    public NDArray sum(Features student, Features teacher, PairLoss loss) {
        NDArray sum = null;
        for (int i = 0; i < this.student.size(); i++) {
            String tap = this.student.get(i);
            NDArray d = loss.apply(tap, student.tap(tap), teacher.tap(this.teacher.get(i)));
            sum = sum == null ? d : sum.add(d);
        }
        return sum;
    }
}
