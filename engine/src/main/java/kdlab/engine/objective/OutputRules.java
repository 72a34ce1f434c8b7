package kdlab.engine.objective;

import ai.djl.ndarray.types.Shape;

/** Shape rules shared by the terms that compare the two models' outputs (KD, privileged information). */
final class OutputRules {
    private OutputRules() {}

    /**
     * @param context the term's context
     * @throws kdlab.engine.UsageException when the student's and the teacher's outputs differ in shape
     */
    static void requireSameOutputs(TermContext context) {
        Shape s = context.studentOutput();
        Shape t = context.teacherOutput();
        if (!s.equals(t)) {
            throw context.error(null, "the student's output has shape " + s + " but the teacher's has " + t + "; both must predict the same outputs");
        }
    }
}
