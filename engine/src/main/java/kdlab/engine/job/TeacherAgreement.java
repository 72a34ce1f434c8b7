package kdlab.engine.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Teacher–student agreement ("fidelity"): the fraction of inputs on which the student's top-1 class is the
 * teacher's. SoTeacher (Dong, Liu, Shang, ICLR 2024; PAPERS.md §3.5) reports it beside accuracy, since a teacher
 * closer to the true label distribution should also be one a student can follow more closely (Stanton et al.,
 * NeurIPS 2021, show agreement and accuracy can move apart). The count stays on the device; the caller sums it
 * over batches and reads it once.
 */
public final class TeacherAgreement {
    private TeacherAgreement() {}

    /**
     * @param student the student's outputs (logits or probabilities), [N, K]
     * @param teacher the teacher's outputs on the same inputs, [N, K]
     * @return float32 scalar: the number of rows whose arg-max classes are the same
     */
    public static NDArray agreeing(NDArray student, NDArray teacher) {
        if (!student.getShape().equals(teacher.getShape())) {
            throw new IllegalArgumentException("student outputs " + student.getShape() + " and teacher outputs " + teacher.getShape() + " differ in shape");
        }
        return student.argMax(1).eq(teacher.argMax(1)).sum().toType(DataType.FLOAT32, false);
    }
}
