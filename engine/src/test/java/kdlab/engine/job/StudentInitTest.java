package kdlab.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.util.Pair;
import java.util.List;
import java.util.function.UnaryOperator;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import org.junit.jupiter.api.Test;

/**
 * A student of its teacher's shape and seed does not start from the teacher's initial weights (Hong et al.'s
 * student-teacher setting and every distillation assume the two are initialised independently), while two plans
 * of the same role and seed still start from the same weights.
 */
class StudentInitTest {
    private static final RuntimeSettings CPU = RuntimeSettings.DEFAULT.onDevice("cpu");

    @Test
    void aStudentOfTheTeachersShapeAndSeedStartsFromOtherWeights() {
        Experiment student = Experiments.fromTree("test", tree(), List.of());
        Experiment teacher = kdlab.engine.job.RunJob.standaloneTeacher(student);
        try (RunPlan t = RunPlanner.plan(teacher, null, null, CPU, "", UnaryOperator.identity());
                RunPlan t2 = RunPlanner.plan(teacher, null, null, CPU, "", UnaryOperator.identity());
                RunPlan s = RunPlanner.plan(student, null, t.experiment(), CPU, "", UnaryOperator.identity())) {
            NDArray teacherWeight = firstWeight(t);
            assertEquals(teacherWeight.getShape(), firstWeight(s).getShape(), "the same shape, so equal weights would be possible");
            assertFalse(teacherWeight.contentEquals(firstWeight(s)), "the student starts from the teacher's initial weights");
            assertEquals(true, teacherWeight.contentEquals(firstWeight(t2)), "the same role and seed must give the same weights");
        }
    }

    private static NDArray firstWeight(RunPlan plan) {
        for (Pair<String, ai.djl.nn.Parameter> p : plan.model().getParameters()) {
            if (p.getKey().endsWith("weight")) {
                return p.getValue().getArray();
            }
        }
        throw new AssertionError("no weight in " + plan.model().getParameters().keys());
    }

    private static com.fasterxml.jackson.databind.JsonNode tree() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(String.join("\n",
                    "data: synthetic:relu-teacher,n=200,test=50",
                    "model: mlp:16",
                    "seed: 3",
                    "teacher: {model: 'mlp:16', epochs: 1}",
                    "objective: {ce: 1, feature_match: {weight: 1, taps: [hidden1]}}"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
