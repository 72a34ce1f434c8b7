package kdlab.engine.objective;

import kdlab.models.Scalars;

import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Knowledge transfer with privileged information after Rahbar, Panahi, Bhattacharyya, Dubhashi and Haghir
 * Chehreghani ("Analysis of Knowledge Transfer in Kernel Regime", arXiv 2003.13438; CIKM 2022 as Panahi, Rahbar
 * et al.), in the convex form of PAPERS.md §2.3: (1 − α)·ℓ(f_s(x), y) + α·ℓ(f_s(x), t(x)), where t(x) is the
 * frozen teacher's output on the same examples. The convex form, rather than ℓ(f, y) + λ·ℓ(f, t), keeps the
 * effective step size independent of the teacher's weight, so a run isolates the teacher's effect (§2.3's
 * caution); α = 0 is plain supervised training and α = 1 pure distillation.
 *
 * <p>ℓ follows the targets' type. Float targets are regression: ℓ is the squared error averaged over batch
 * and outputs, {@link SquaredErrorTerm}'s convention (PAPERS.md's ½Σ_i form is this times N·K/2, a constant
 * that rescales the step size only). Integer targets are class labels: ℓ(f, y) is the cross-entropy with the
 * label and ℓ(f, t) the cross-entropy with softmax of the teacher's logits as soft targets, both at
 * temperature 1 and averaged over the batch.
 */
public final class PrivilegedInformationTerm implements LossTerm {
    private final View trained;
    private final View frozen;
    private final double alpha;

    /**
     * The student on the noisy inputs against the teacher on the clean ones, as the other teacher terms
     * default to; on a dataset without noise the two inputs are the same array.
     *
     * @param alpha the teacher's share α, in [0, 1]
     */
    public PrivilegedInformationTerm(double alpha) {
        this(View.TRAINED_NOISY, View.FROZEN_CLEAN, alpha);
    }

    /**
     * @param trained the student view
     * @param frozen the teacher view supplying the privileged information
     * @param alpha the teacher's share α, in [0, 1]
     */
    public PrivilegedInformationTerm(View trained, View frozen, double alpha) {
        View.requireTrainedAndFrozen("privileged information", trained, frozen);
        checkAlpha(alpha);
        this.trained = trained;
        this.frozen = frozen;
        this.alpha = alpha;
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("privileged information alpha: expected a number in [0, 1], found " + alpha);
        }
    }

    /** @return the teacher's share α */
    public double alpha() {
        return alpha;
    }

    @Override
    public String name() {
        return "pi";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        NDArray student = step.features(trained).output();
        NDArray teacher = step.features(frozen).output();
        NDArray targets = step.targets();
        DataType type = targets.getDataType();
        // The batch's dtype is the dataset's task: int64 labels for classifiers, float32 for regression.
        if (type.isInteger()) {
            return classification(student, teacher, targets, alpha);
        }
        if (type.isFloating()) {
            return regression(student, teacher, targets, alpha);
        }
        throw new IllegalArgumentException("privileged information: targets of type " + type + " are neither labels nor regression targets");
    }

    /**
     * The regression form: (1 − α)·mean((f − y)²) + α·mean((f − t)²), means over batch and outputs.
     *
     * @param student the student's outputs [N, K]
     * @param teacher the teacher's outputs [N, K], the privileged information
     * @param targets the regression targets [N, K]
     * @param alpha the teacher's share, in [0, 1]
     * @return a scalar
     */
    public static NDArray regression(NDArray student, NDArray teacher, NDArray targets, double alpha) {
        checkAlpha(alpha);
        if (!student.getShape().equals(teacher.getShape()) || !student.getShape().equals(targets.getShape())) {
            throw new IllegalArgumentException("privileged information: student " + student.getShape() + ", teacher "
                    + teacher.getShape() + " and targets " + targets.getShape() + " must have the same shape");
        }
        NDArray data = SquaredErrorTerm.meanSquaredError(student, targets);
        NDArray privileged = SquaredErrorTerm.meanSquaredError(student, teacher);
        return Scalars.mul(data, (float) (1 - alpha)).add(Scalars.mul(privileged, (float) alpha));
    }

    /**
     * The classification form: (1 − α)·CE(z_s, y) + α·mean over the batch of −Σ_c softmax(z_t)_c·log softmax(z_s)_c.
     *
     * @param studentLogits [N, K]
     * @param teacherLogits [N, K], the privileged information
     * @param labels [N] integer class labels
     * @param alpha the teacher's share, in [0, 1]
     * @return a scalar
     */
    public static NDArray classification(NDArray studentLogits, NDArray teacherLogits, NDArray labels, double alpha) {
        checkAlpha(alpha);
        if (!studentLogits.getShape().equals(teacherLogits.getShape()) || studentLogits.getShape().dimension() != 2) {
            throw new IllegalArgumentException("privileged information: student logits " + studentLogits.getShape()
                    + " and teacher logits " + teacherLogits.getShape() + " must both be [N, K]");
        }
        NDArray data = CrossEntropyTerm.crossEntropy(studentLogits, labels);
        NDArray soft = teacherLogits.softmax(1);
        long n = studentLogits.getShape().get(0);
        // Sum over classes and batch in one reduction, then divide by N: the batch mean of the per-example sum.
        NDArray privileged = Scalars.div(soft.mul(studentLogits.logSoftmax(1)).sum(), (float) n).neg();
        return Scalars.mul(data, (float) (1 - alpha)).add(Scalars.mul(privileged, (float) alpha));
    }

    /**
     * The settings of {@code type: pi}.
     *
     * @param alpha α in [0, 1]: the share of the teacher's output in the target (default 0.5)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(Double alpha, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(alpha == null ? 0.5 : alpha, student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public LossTerm build(TermContext context) {
            double a = alpha == null ? 0.5 : alpha;
            if (!(a >= 0 && a <= 1)) {
                throw context.error("alpha", "expected a number in [0, 1], found " + a);
            }
            View trained = context.view("student", student == null ? "noisy" : student, false);
            View frozen = context.view("teacher", teacher == null ? "clean" : teacher, true);
            OutputRules.requireSameOutputs(context);
            return new PrivilegedInformationTerm(trained, frozen, a);
        }
    }
}
