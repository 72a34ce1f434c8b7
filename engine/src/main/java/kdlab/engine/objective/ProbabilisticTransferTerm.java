package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Passalis and Tefas's probabilistic knowledge transfer ("Learning Deep Representations with Probabilistic
 * Knowledge Transfer", ECCV 2018), as RepDistiller computes it ({@code distiller_zoo/PKT.py}, the authors' own
 * {@code cosine_similarity_loss}): at each tap pair the features, flattened to [N, D], have each row divided by
 * its L2 norm plus 1e-7; the batch's cosine similarities are mapped to [0, 1] by (s + 1) / 2 and each row is
 * divided by its sum, giving a conditional distribution per example; the loss is the mean over all N² entries of
 * t·log((t + ε) / (s + ε)), ε = 1e-7, summed over the pairs. Only the batch size must agree. By default the
 * term reads each model's penultimate vector ({@code pool}, or an MLP's last hidden layer), as RepDistiller does.
 */
public final class ProbabilisticTransferTerm implements LossTerm {
    /** RepDistiller's eps, both on the norm and inside the log ratio. */
    private static final float EPS = 1e-7f;
    /**
     * A floor on a row's squared norm, so that an all-zero row (a dead ReLU layer) gets a zero gradient instead of
     * sqrt's infinite slope at 0 times 0; it changes no value, since such a row divides to 0 either way.
     */
    private static final float SQUARED_NORM_FLOOR = 1e-24f;

    private final View trained;
    private final View frozen;
    private final TapPairs pairs;

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param taps the student's taps, at least one
     * @param teacherTaps the teacher's tap paired with each, in the same order
     */
    public ProbabilisticTransferTerm(View trained, View frozen, List<String> taps, List<String> teacherTaps) {
        View.requireTrainedAndFrozen("probabilistic knowledge transfer", trained, frozen);
        this.trained = trained;
        this.frozen = frozen;
        this.pairs = new TapPairs(taps, teacherTaps);
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
        return "pkt";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        return pairs.sum(step.features(trained), step.features(frozen), ProbabilisticTransferTerm::pkt);
    }

    /**
     * @param feature [N, ...]
     * @return [N, N]: the cosine similarities of the flattened rows mapped to [0, 1], each row divided by its sum
     */
    public static NDArray conditionalProbabilities(NDArray feature) {
        long n = feature.getShape().get(0);
        NDArray f = feature.reshape(n, -1);
        NDArray norm = Scalars.maximum(f.square().sum(new int[] {1}, true), SQUARED_NORM_FLOOR).sqrt();
        NDArray unit = f.div(norm.add(EPS));
        NDArray similarity = Scalars.div(unit.matMul(unit.transpose()).add(1f), 2f);
        return similarity.div(similarity.sum(new int[] {1}, true));
    }

    /**
     * The PKT loss of one tap pair.
     *
     * @param student the student's feature, [N, ...]
     * @param teacher the teacher's feature, [N, ...], any shape with the same N
     * @return mean over the N² entries of t·log((t + 1e-7) / (s + 1e-7))
     */
    public static NDArray pkt(NDArray student, NDArray teacher) {
        if (student.getShape().dimension() < 2 || teacher.getShape().dimension() < 2 || teacher.getShape().get(0) != student.getShape().get(0)) {
            throw new IllegalArgumentException("probabilistic knowledge transfer: student " + student.getShape() + " and teacher " + teacher.getShape()
                    + " must be [N, ...] with the same batch size N");
        }
        NDArray s = conditionalProbabilities(student);
        NDArray t = conditionalProbabilities(teacher);
        return t.mul(t.add(EPS).div(s.add(EPS)).log()).mean();
    }

    /**
     * The settings of {@code type: pkt}.
     *
     * @param taps the student's taps, any shape (default: the penultimate vector, {@code pool} or the last hidden layer)
     * @param teacherTaps the teacher's tap paired with each (default: the same names; the teacher's penultimate
     *     vector when {@code taps} is not given)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(List<String> taps, List<String> teacherTaps, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            boolean named = taps != null && !taps.isEmpty();
            return new Spec(taps, teacherTaps == null || teacherTaps.isEmpty() ? (named ? taps : null) : teacherTaps,
                    student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public TermSpec resolve(TermContext context) {
            TapPairs pairs = pairs(context);
            Spec d = (Spec) withDefaults();
            return new Spec(pairs.student(), pairs.teacher(), d.student(), d.teacher());
        }

        private TapPairs pairs(TermContext context) {
            boolean named = taps != null && !taps.isEmpty();
            List<String> s = named ? taps : PenultimateTap.require(context, "taps", false);
            List<String> t = named ? teacherTaps : (teacherTaps == null || teacherTaps.isEmpty() ? PenultimateTap.require(context, "teacher_taps", true)
                    : teacherTaps);
            // The distributions are [N, N] whatever the features' shapes: only that each tap exists is checked.
            return TapPairs.read(context, s, t, "the student's taps whose batch similarities are matched", TapPairs.ANY_SHAPES);
        }

        @Override
        public LossTerm build(TermContext context) {
            TapPairs pairs = pairs(context);
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            return new ProbabilisticTransferTerm(trainedView, frozenView, pairs.student(), pairs.teacher());
        }
    }
}
