package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import kdlab.models.tap.Features;

/**
 * The flow of solution procedure (Yim, Joo, Bae and Kim, "A Gift from Knowledge Distillation: Fast Optimization,
 * Network Minimization and Transfer Learning", CVPR 2017), as RepDistiller computes it ({@code distiller_zoo/FSP.py}):
 * for each pair of consecutive taps (bottom, top) of one network, the larger map is average-pooled to the smaller
 * one's spatial size and the FSP matrix is G[j, i] = mean over positions of top_j · bottom_i, [C_top, C_bottom] per
 * example; the loss is the sum over consecutive pairs of the mean squared difference of the student's and the
 * teacher's matrices. The student's and the teacher's taps must therefore have the same channels, tap by tap.
 *
 * <p>RepDistiller trains the student's feature layers with this loss alone in an initialisation phase of 30
 * epochs and sets its weight to 0 afterwards; the loss is the same in both phases, so the term does not look at
 * the phase.
 */
public final class FlowOfSolutionTerm implements LossTerm {
    private final View trained;
    private final View frozen;
    private final TapPairs taps;

    /**
     * @param trained the student view
     * @param frozen the teacher view
     * @param taps the student's taps, shallowest first (at least two), and the teacher's tap paired with each
     */
    public FlowOfSolutionTerm(View trained, View frozen, TapPairs taps) {
        View.requireTrainedAndFrozen("flow of solution procedure", trained, frozen);
        if (taps.student().size() < 2) {
            throw new IllegalArgumentException("the flow of solution procedure needs at least two taps, found " + taps.student());
        }
        this.trained = trained;
        this.frozen = frozen;
        this.taps = taps;
    }

    /** @return the student's taps */
    public List<String> taps() {
        return taps.student();
    }

    @Override
    public String name() {
        return "fsp";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        Features student = step.features(trained);
        Features teacher = step.features(frozen);
        List<NDArray> s = new ArrayList<>();
        List<NDArray> t = new ArrayList<>();
        for (int i = 0; i < taps.student().size(); i++) {
            s.add(student.tap(taps.student().get(i)));
            t.add(teacher.tap(taps.teacher().get(i)));
        }
        return fsp(s, t);
    }

    /**
     * @param bottom the shallower map [N, C_b, H, W]
     * @param top the deeper map [N, C_t, H', W']
     * @return [N, C_t, C_b]: mean over positions of top_j · bottom_i, the larger map pooled to the smaller's size first
     */
    public static NDArray fspMatrix(NDArray bottom, NDArray top) {
        NDArray[] matched = FeatureMaps.matchSpatial(bottom, top);
        long n = bottom.getShape().get(0);
        NDArray b = matched[0].reshape(n, bottom.getShape().get(1), -1);
        NDArray t = matched[1].reshape(n, top.getShape().get(1), -1);
        long positions = b.getShape().get(2);
        return Scalars.div(t.matMul(b.transpose(0, 2, 1)), (float) positions);
    }

    /**
     * @param student the student's maps, shallowest first
     * @param teacher the teacher's, in the same order, with the same channels tap by tap
     * @return Σ over consecutive pairs of mean((G_s − G_t)²)
     */
    public static NDArray fsp(List<NDArray> student, List<NDArray> teacher) {
        NDArray sum = null;
        for (int i = 0; i + 1 < student.size(); i++) {
            NDArray gs = fspMatrix(student.get(i), student.get(i + 1));
            NDArray gt = fspMatrix(teacher.get(i), teacher.get(i + 1));
            if (!gs.getShape().equals(gt.getShape())) {
                throw new IllegalArgumentException("flow of solution procedure: the student's FSP matrix " + gs.getShape() + " and the teacher's "
                        + gt.getShape() + " of pair " + i + " differ");
            }
            NDArray d = gs.sub(gt).square().mean();
            sum = sum == null ? d : sum.add(d);
        }
        return sum;
    }

    /**
     * The settings of {@code type: fsp}.
     *
     * @param taps the student's feature maps, shallowest first, at least two (required), e.g. [stem, stage1, stage2,
     *     stage3]
     * @param teacherTaps the teacher's map paired with each (default: the same names), with the same channels
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
            TapPairs pairs = TapPairs.read(context, taps, teacherTaps, "at least two of the student's feature maps, shallowest first", (s, t) -> {
                if (s.dimension() != 4 || t.dimension() != 4) {
                    return "the flow of solution procedure needs feature maps [C, H, W]";
                }
                return s.get(1) == t.get(1) ? null
                        : "the FSP matrices need the same channels in the student's and the teacher's tap, found " + s.get(1) + " and " + t.get(1);
            });
            if (pairs.student().size() < 2) {
                throw context.error("taps", "expected at least two taps (the matrices join consecutive ones), found " + pairs.student());
            }
            for (int i = 0; i + 1 < pairs.student().size(); i++) {
                checkConsecutive(context, "taps", "student", pairs.student(), i, true);
                checkConsecutive(context, teacherTaps == null || teacherTaps.isEmpty() ? "taps" : "teacher_taps", "teacher", pairs.teacher(), i, false);
            }
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            return new FlowOfSolutionTerm(trainedView, frozenView, pairs);
        }

        private static void checkConsecutive(TermContext context, String key, String role, List<String> names, int i, boolean ofStudent) {
            Shape a = ofStudent ? context.studentTap(key, names.get(i)) : context.teacherTap(key, names.get(i));
            Shape b = ofStudent ? context.studentTap(key, names.get(i + 1)) : context.teacherTap(key, names.get(i + 1));
            String problem = FeatureMaps.poolingProblem(a, b);
            if (problem != null) {
                throw context.error(key, "the " + role + "'s consecutive taps " + names.get(i) + " " + a + " and " + names.get(i + 1) + " " + b + ": " + problem);
            }
        }
    }
}
