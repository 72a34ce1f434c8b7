package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Zagoruyko and Komodakis's activation-based attention transfer ("Paying More Attention to Attention", ICLR
 * 2017), in the form RepDistiller (Tian et al., ICLR 2020) computes it: at each chosen tap the attention map of
 * a feature a of shape [N, C, H, W] is the channel mean of a², flattened to [N, H·W] and divided by its L2
 * norm per example; the term is the sum over taps of the mean over batch and positions of the squared
 * difference between the student's and the teacher's maps. The maps drop the channel dimension, so the two
 * networks may differ in width at a tap but must agree in spatial size there.
 */
public final class AttentionTransferTerm implements LossTerm {
    /** F.normalize's default: the norm is floored here, so an all-zero map stays zero instead of dividing by 0. */
    private static final float NORM_FLOOR = 1e-12f;

    private final View trained;
    private final View frozen;
    private final TapPairs pairs;

    /**
     * The student on the noisy inputs against the teacher on the clean ones.
     *
     * @param taps the tap names paired between student and teacher, at least one
     */
    public AttentionTransferTerm(List<String> taps) {
        this(View.TRAINED_NOISY, View.FROZEN_CLEAN, taps);
    }

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param taps the tap names paired between student and teacher, at least one; each must be [N, C, H, W]
     *     in both networks with the same H and W
     */
    public AttentionTransferTerm(View trained, View frozen, List<String> taps) {
        this(trained, frozen, taps, taps);
    }

    /**
     * @param trained the student view
     * @param frozen the teacher view
     * @param taps the student's taps, at least one
     * @param teacherTaps the teacher's tap paired with each, in the same order
     */
    public AttentionTransferTerm(View trained, View frozen, List<String> taps, List<String> teacherTaps) {
        View.requireTrainedAndFrozen("attention transfer", trained, frozen);
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
        return "at";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        return pairs.sum(step.features(trained), step.features(frozen), (tap, s, t) -> {
            // Checked here too, where the tap's name is known, so a mismatch the plan could not see (inputs of
            // another size in the two views) names the pair of layers that is wrong.
            String problem = shapeProblem(s.getShape(), t.getShape());
            if (problem != null) {
                throw new IllegalArgumentException("attention transfer at tap '" + tap + "': student " + s.getShape() + ", teacher " + t.getShape()
                        + ": " + problem);
            }
            return at(s, t);
        });
    }

    private static String shapeProblem(Shape student, Shape teacher) {
        if (student.dimension() != 4 || teacher.dimension() != 4) {
            return "both must be [N, C, H, W]";
        }
        if (student.get(0) != teacher.get(0) || student.get(2) != teacher.get(2) || student.get(3) != teacher.get(3)) {
            return "batch and spatial sizes (N, H, W) must agree; only the channels may differ";
        }
        return null;
    }

    /**
     * The normalised attention map of one feature.
     *
     * @param feature [N, C, H, W]
     * @return [N, H·W]: mean over channels of feature², each row divided by max(its L2 norm, 1e-12)
     */
    public static NDArray attentionMap(NDArray feature) {
        long n = feature.getShape().get(0);
        NDArray map = feature.square().mean(new int[] {1}).reshape(n, -1);
        // sqrt(max(Σx², floor²)) equals max(‖x‖, floor), but its gradient at an all-zero row is 0·finite
        // instead of sqrt's infinite slope at 0 times 0 (NaN), which a dead ReLU stage would otherwise produce.
        NDArray norm = Scalars.maximum(map.square().sum(new int[] {1}, true), NORM_FLOOR * NORM_FLOOR).sqrt();
        return map.div(norm);
    }

    /**
     * The attention-transfer loss of one tap pair.
     *
     * @param studentMap the student's feature at the tap, [N, C_s, H, W]
     * @param teacherMap the teacher's feature at the tap, [N, C_t, H, W]
     * @return the mean over batch and the H·W positions of the squared difference of the two attention maps
     * @throws IllegalArgumentException when the shapes are not [N, C, H, W] with equal N, H and W
     */
    public static NDArray at(NDArray studentMap, NDArray teacherMap) {
        String problem = shapeProblem(studentMap.getShape(), teacherMap.getShape());
        if (problem != null) {
            throw new IllegalArgumentException("attention transfer: student " + studentMap.getShape() + ", teacher "
                    + teacherMap.getShape() + ": " + problem);
        }
        // A full mean is one reduction; DJL's PyTorch engine rejects a mean over an explicit list of axes.
        return attentionMap(studentMap).sub(attentionMap(teacherMap)).square().mean();
    }

    /**
     * The settings of {@code type: at}.
     *
     * @param taps the student's taps, feature maps [C, H, W] (required), e.g. [stage1, stage2, stage3]
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
            // The maps drop the channels, so only the spatial sizes must agree; checked once here, before any batch.
            TapPairs pairs = TapPairs.read(context, taps, teacherTaps, "the student's feature-map taps, e.g. [stage1, stage2, stage3]",
                    (s, t) -> s.dimension() != 4 || t.dimension() != 4 || s.get(2) != t.get(2) || s.get(3) != t.get(3)
                            ? "attention transfer needs feature maps [C, H, W] of the same spatial size H x W" : null);
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            return new AttentionTransferTerm(trainedView, frozenView, pairs.student(), pairs.teacher());
        }
    }
}
