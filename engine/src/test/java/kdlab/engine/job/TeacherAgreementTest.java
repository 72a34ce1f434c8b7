package kdlab.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Agreement counts on tiny outputs. */
class TeacherAgreementTest {
    @Test
    void countsRowsWithTheSameTopClass() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Top-1 classes: student 2, 0, 1, 1; teacher 2, 1, 1, 0: rows 0 and 2 agree. Logits and
            // probabilities mix freely: only the arg-max counts.
            float[][] student = {{0.1f, 0.2f, 3f}, {5f, -1f, 0f}, {0f, 1f, 0.5f}, {-2f, 4f, 1f}};
            float[][] teacher = {{0.2f, 0.3f, 0.5f}, {0.4f, 0.6f, 0f}, {0.1f, 0.8f, 0.1f}, {0.7f, 0.2f, 0.1f}};
            assertEquals(2f, TeacherAgreement.agreeing(m.create(student), m.create(teacher)).getFloat());
            assertEquals(4f, TeacherAgreement.agreeing(m.create(teacher), m.create(teacher)).getFloat());
        }
    }

    @Test
    void refusesOutputsOfDifferentShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> TeacherAgreement.agreeing(m.create(new float[][] {{1f, 2f}}), m.create(new float[][] {{1f, 2f, 3f}})));
        }
    }
}
