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
 * Park, Kim, Lu and Cho's relational knowledge distillation ("Relational Knowledge Distillation", CVPR 2019), as
 * RepDistiller computes it ({@code distiller_zoo/RKD.py}): at each tap pair of vectors [N, D],
 * <ul>
 *   <li>distance: the pairwise Euclidean distances (computed as √max(‖a‖² + ‖b‖² − 2a·b, 1e-12), diagonal 0),
 *       divided by their mean over the N(N − 1) off-diagonal pairs; the smooth-L1 loss (β = 1) between the
 *       student's and the teacher's, mean over the N² entries;</li>
 *   <li>angle: for every triple (i, j, k) the cosine of the angle between e_j − e_i and e_k − e_i (the differences
 *       divided by max(‖·‖, 1e-12), so a zero difference contributes 0); the smooth-L1 loss, mean over the N³
 *       entries;</li>
 * </ul>
 * and the loss is {@code distance_weight}·distance + {@code angle_weight}·angle (RepDistiller's 25 and 50), summed
 * over the pairs. The two networks may differ in width; a batch of one example has no pairs and a zero loss
 * (where RepDistiller's mean over no pairs is NaN). The angle part holds N³ entries and [N, N, D] differences, so
 * the taps are vectors (pooled or hidden layers), not feature maps.
 */
public final class RelationalTerm implements LossTerm {
    private static final float DISTANCE_FLOOR = 1e-12f;
    private static final float NORM_FLOOR = 1e-12f;

    private final View trained;
    private final View frozen;
    private final TapPairs pairs;
    private final double distanceWeight;
    private final double angleWeight;

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param taps the student's taps, at least one, vectors
     * @param teacherTaps the teacher's tap paired with each, in the same order
     * @param distanceWeight the distance part's weight, at least 0
     * @param angleWeight the angle part's weight, at least 0
     */
    public RelationalTerm(View trained, View frozen, List<String> taps, List<String> teacherTaps, double distanceWeight, double angleWeight) {
        View.requireTrainedAndFrozen("relational knowledge distillation", trained, frozen);
        if (!(distanceWeight >= 0) || !(angleWeight >= 0) || Double.isInfinite(distanceWeight) || Double.isInfinite(angleWeight)) {
            throw new IllegalArgumentException("relational knowledge distillation: expected finite weights >= 0, found distance " + distanceWeight
                    + " and angle " + angleWeight);
        }
        this.trained = trained;
        this.frozen = frozen;
        this.pairs = new TapPairs(taps, teacherTaps);
        this.distanceWeight = distanceWeight;
        this.angleWeight = angleWeight;
    }

    /** @return the student's taps */
    public List<String> taps() {
        return pairs.student();
    }

    /** @return the teacher's tap paired with each student tap */
    public List<String> teacherTaps() {
        return pairs.teacher();
    }

    @Override
    public String name() {
        return "rkd";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        return pairs.sum(step.features(trained), step.features(frozen), (s, t) -> rkd(s, t, distanceWeight, angleWeight));
    }

    /** Torch's smooth_l1_loss with β = 1 as 0.5·min(|x|, 1)² + max(|x| − 1, 0), mean over all elements. */
    private static NDArray smoothL1(NDArray a, NDArray b) {
        NDArray x = a.sub(b).abs();
        return Scalars.mul(Scalars.minimum(x, 1f).square(), 0.5f).add(Scalars.maximum(x.sub(1f), 0f)).mean();
    }

    /**
     * @param e [N, D]
     * @return [N, N]: the Euclidean distances of the rows, each floored at 1e-6, with a zero diagonal
     */
    public static NDArray distances(NDArray e) {
        long n = e.getShape().get(0);
        NDArray square = e.square().sum(new int[] {1});
        NDArray d = Scalars.maximum(square.expandDims(1).add(square.expandDims(0)).sub(Scalars.mul(e.matMul(e.transpose()), 2f)), DISTANCE_FLOOR).sqrt();
        return d.mul(e.getManager().eye((int) n).neg().add(1f));
    }

    /**
     * @param student [N, D_s], N at least 2
     * @param teacher [N, D_t]
     * @return the smooth-L1 loss between the two distance matrices, each divided by its off-diagonal mean
     */
    public static NDArray distanceLoss(NDArray student, NDArray teacher) {
        long n = student.getShape().get(0);
        float pairs = (float) n * (n - 1);
        NDArray s = distances(student);
        NDArray t = distances(teacher);
        return smoothL1(s.div(Scalars.div(s.sum(), pairs)), t.div(Scalars.div(t.sum(), pairs)));
    }

    /**
     * @param e [N, D]
     * @return [N·N·N]: entry (i, j, k) the cosine between e_j − e_i and e_k − e_i, 0 where a difference is 0
     */
    public static NDArray angles(NDArray e) {
        NDArray diff = e.expandDims(0).sub(e.expandDims(1));
        NDArray unit = diff.div(Scalars.maximum(diff.square().sum(new int[] {2}, true), NORM_FLOOR * NORM_FLOOR).sqrt());
        return unit.matMul(unit.transpose(0, 2, 1)).reshape(-1);
    }

    /**
     * @param student [N, D_s]
     * @param teacher [N, D_t]
     * @return the smooth-L1 loss between the two angle tensors, mean over the N³ entries
     */
    public static NDArray angleLoss(NDArray student, NDArray teacher) {
        return smoothL1(angles(student), angles(teacher));
    }

    /**
     * The RKD loss of one tap pair.
     *
     * @param student the student's feature, [N, D_s]
     * @param teacher the teacher's feature, [N, D_t]
     * @param distanceWeight the distance part's weight
     * @param angleWeight the angle part's weight
     * @return distanceWeight·distanceLoss + angleWeight·angleLoss; 0 for N = 1
     */
    public static NDArray rkd(NDArray student, NDArray teacher, double distanceWeight, double angleWeight) {
        Shape s = student.getShape();
        Shape t = teacher.getShape();
        if (s.dimension() != 2 || t.dimension() != 2 || s.get(0) != t.get(0)) {
            throw new IllegalArgumentException("relational knowledge distillation: student " + s + " and teacher " + t
                    + " must be vectors [N, D] with the same batch size N");
        }
        if (s.get(0) < 2) {
            return Scalars.mul(student.sum(), 0f);
        }
        return Scalars.mul(distanceLoss(student, teacher), (float) distanceWeight).add(Scalars.mul(angleLoss(student, teacher), (float) angleWeight));
    }

    /**
     * The settings of {@code type: rkd}.
     *
     * @param taps the student's taps, vectors (default: the penultimate vector, {@code pool} or the last hidden layer)
     * @param teacherTaps the teacher's tap paired with each (default: the same names; the teacher's penultimate
     *     vector when {@code taps} is not given)
     * @param distanceWeight the distance part's weight (default 25)
     * @param angleWeight the angle part's weight (default 50)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(List<String> taps, List<String> teacherTaps, Double distanceWeight, Double angleWeight, String student, String teacher)
            implements TermSpec {
        /** RepDistiller's w_d. */
        public static final double DISTANCE_WEIGHT = 25;
        /** RepDistiller's w_a. */
        public static final double ANGLE_WEIGHT = 50;

        @Override
        public TermSpec withDefaults() {
            boolean named = taps != null && !taps.isEmpty();
            return new Spec(taps, teacherTaps == null || teacherTaps.isEmpty() ? (named ? taps : null) : teacherTaps,
                    distanceWeight == null ? DISTANCE_WEIGHT : distanceWeight, angleWeight == null ? ANGLE_WEIGHT : angleWeight,
                    student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public TermSpec resolve(TermContext context) {
            TapPairs pairs = pairs(context);
            Spec d = (Spec) withDefaults();
            return new Spec(pairs.student(), pairs.teacher(), d.distanceWeight(), d.angleWeight(), d.student(), d.teacher());
        }

        private TapPairs pairs(TermContext context) {
            boolean named = taps != null && !taps.isEmpty();
            List<String> s = named ? taps : PenultimateTap.require(context, "taps", false);
            List<String> t = named ? teacherTaps : (teacherTaps == null || teacherTaps.isEmpty() ? PenultimateTap.require(context, "teacher_taps", true)
                    : teacherTaps);
            return TapPairs.read(context, s, t, "the student's vector taps whose distances and angles are matched",
                    (ss, ts) -> ss.dimension() != 2 || ts.dimension() != 2
                            ? "relational knowledge distillation needs vectors [D] (pool or a hidden layer), not feature maps" : null);
        }

        private static double weight(TermContext context, String key, Double value, double fallback) {
            double w = value == null ? fallback : value;
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw context.error(key, "expected a finite weight >= 0, found " + w);
            }
            return w;
        }

        @Override
        public LossTerm build(TermContext context) {
            double wd = weight(context, "distance_weight", distanceWeight, DISTANCE_WEIGHT);
            double wa = weight(context, "angle_weight", angleWeight, ANGLE_WEIGHT);
            TapPairs pairs = pairs(context);
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            return new RelationalTerm(trainedView, frozenView, pairs.student(), pairs.teacher(), wd, wa);
        }
    }
}
