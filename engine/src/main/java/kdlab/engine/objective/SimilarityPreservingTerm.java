package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Tung and Mori's similarity-preserving distillation ("Similarity-Preserving Knowledge Distillation", ICCV
 * 2019), as RepDistiller computes it ({@code distiller_zoo/SP.py}): at each tap pair the features are flattened
 * to [N, D], their batch similarity G = f·fᵀ [N, N] has each row divided by its L2 norm, and the loss is
 * ‖G_s − G_t‖²_F / N², summed over the pairs. Only the batch size must agree: the two networks may differ in
 * width and in the shape of every tap.
 */
public final class SimilarityPreservingTerm implements LossTerm {
    /** F.normalize's default floor on a row's norm. */
    private static final float NORM_FLOOR = 1e-12f;

    private final View trained;
    private final View frozen;
    private final TapPairs pairs;

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param taps the student's taps, at least one
     * @param teacherTaps the teacher's tap paired with each, in the same order
     */
    public SimilarityPreservingTerm(View trained, View frozen, List<String> taps, List<String> teacherTaps) {
        View.requireTrainedAndFrozen("similarity-preserving distillation", trained, frozen);
        this.trained = trained;
        this.frozen = frozen;
        this.pairs = new TapPairs(taps, teacherTaps);
    }

    /** @return the student's taps */
    public List<String> taps() {
        return pairs.student();
    }

    @Override
    public String name() {
        return "sp";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        return pairs.sum(step.features(trained), step.features(frozen), SimilarityPreservingTerm::sp);
    }

    /**
     * @param feature [N, ...]
     * @return [N, N]: the batch similarity f·fᵀ of the flattened features, each row divided by max(its L2 norm, 1e-12)
     */
    public static NDArray similarity(NDArray feature) {
        long n = feature.getShape().get(0);
        NDArray f = feature.reshape(n, -1);
        NDArray g = f.matMul(f.transpose());
        // F.normalize's own form, max(‖x‖, floor): torch's norm backward gives 0, not NaN, at an all-zero row.
        NDArray norm = Scalars.maximum(g.norm(new int[] {1}, true), NORM_FLOOR);
        return g.div(norm);
    }

    /**
     * The similarity-preserving loss of one tap pair.
     *
     * @param student the student's feature, [N, ...]
     * @param teacher the teacher's feature, [N, ...], any shape with the same N
     * @return ‖G_s − G_t‖²_F / N²
     */
    public static NDArray sp(NDArray student, NDArray teacher) {
        long n = student.getShape().get(0);
        if (student.getShape().dimension() < 1 || teacher.getShape().dimension() < 1 || teacher.getShape().get(0) != n) {
            throw new IllegalArgumentException("similarity-preserving distillation: student " + student.getShape() + " and teacher "
                    + teacher.getShape() + " must have the same batch size");
        }
        return Scalars.div(similarity(student).sub(similarity(teacher)).square().sum(), (float) n * n);
    }

    /**
     * The settings of {@code type: sp}.
     *
     * @param taps the student's taps (required), any shape, e.g. [hidden2] or [stage3]
     * @param teacherTaps the teacher's tap paired with each (default: the same names)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(List<String> taps, List<String> teacherTaps, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(taps, teacherTaps == null || teacherTaps.isEmpty() ? taps : teacherTaps, student == null ? "noisy" : student,
                    teacher == null ? "clean" : teacher);
        }

        @Override
        public LossTerm build(TermContext context) {
            // The similarities are [N, N] whatever the features' shapes: only that each tap exists is checked.
            TapPairs pairs = TapPairs.read(context, taps, teacherTaps, "the student's taps whose batch similarities are matched", TapPairs.ANY_SHAPES);
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            return new SimilarityPreservingTerm(trainedView, frozenView, pairs.student(), pairs.teacher());
        }
    }
}
