package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.Set;
import kdlab.models.Scalars;

/**
 * Privileged-information transfer with the squared loss of the kernel-regime analysis (Rahbar, Panahi et al.,
 * "Analysis of Knowledge Transfer in Kernel Regime", arXiv 2003.13438, CIKM 2022; PAPERS.md §2.3) on a
 * classification task: (1 − α)·mean((f − e_y)²) + α·mean((f − softmax(t))²), means over batch and classes,
 * where e_y is the one-hot label and t the frozen teacher's logits.
 *
 * <p>It is {@link PrivilegedInformationTerm}'s convex form with the squared error in place of the cross-entropy,
 * so that the student's outputs u on the training set follow the linear dynamics the paper analyses: with
 * z = (1 − α)·e_y + α·softmax(t) the loss is mean((f − z)²) plus a constant, and full-batch gradient descent
 * at rate η moves u by (I − (2η/(nK))·H)(u − z) per step in the kernel regime (n examples, K classes;
 * docs/studies.md, kernel-pi). The privileged information is the teacher's softmax at temperature 1, not its
 * logits: it lies on the labels' scale, so z is a convex combination of two probability vectors and the fit's
 * distance to the labels, α·‖softmax(t) − e_y‖ at convergence, compares like with like.
 *
 * <p>Regression data already has this form in {@code type: pi}, whose regression branch is squared error;
 * this term refuses it.
 */
public final class PrivilegedInformationSquaredTerm implements LossTerm {
    private final View trained;
    private final View frozen;
    private final double alpha;

    /**
     * @param trained the student view
     * @param frozen the teacher view supplying the privileged information
     * @param alpha the teacher's share α, in [0, 1]
     */
    public PrivilegedInformationSquaredTerm(View trained, View frozen, double alpha) {
        View.requireTrainedAndFrozen("privileged information (squared)", trained, frozen);
        checkAlpha(alpha);
        this.trained = trained;
        this.frozen = frozen;
        this.alpha = alpha;
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("privileged information (squared) alpha: expected a number in [0, 1], found " + alpha);
        }
    }

    /** @return the teacher's share α */
    public double alpha() {
        return alpha;
    }

    @Override
    public String name() {
        return "pi_mse";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        return loss(step.features(trained).output(), step.features(frozen).output(), step.targets(), alpha);
    }

    /**
     * The loss as a function: (1 − α)·mean((f − e_y)²) + α·mean((f − softmax(t))²), means over batch and classes.
     *
     * @param student the student's outputs [N, K]
     * @param teacherLogits the teacher's logits [N, K]; their softmax is the privileged information
     * @param labels [N] integer class labels in [0, K)
     * @param alpha the teacher's share, in [0, 1]
     * @return a scalar
     */
    public static NDArray loss(NDArray student, NDArray teacherLogits, NDArray labels, double alpha) {
        checkAlpha(alpha);
        if (!student.getShape().equals(teacherLogits.getShape()) || student.getShape().dimension() != 2) {
            throw new IllegalArgumentException("privileged information (squared): student " + student.getShape() + " and teacher "
                    + teacherLogits.getShape() + " must both be [N, K]");
        }
        int classes = (int) student.getShape().get(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).reshape(-1).oneHot(classes, DataType.FLOAT32);
        NDArray data = SquaredErrorTerm.meanSquaredError(student, oneHot);
        NDArray privileged = SquaredErrorTerm.meanSquaredError(student, teacherLogits.softmax(1));
        return Scalars.mul(data, (float) (1 - alpha)).add(Scalars.mul(privileged, (float) alpha));
    }

    /**
     * The settings of {@code type: pi_mse}.
     *
     * @param alpha α in [0, 1]: the teacher's share in the target z (default 0.5)
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
            if (!context.classification()) {
                throw context.error(null, "pi_mse needs class labels (it fits one-hot labels), but the data has regression targets; "
                        + "use type: pi, whose regression form is already the squared error");
            }
            View trained = context.view("student", student == null ? "noisy" : student, false);
            View frozen = context.view("teacher", teacher == null ? "clean" : teacher, true);
            OutputRules.requireSameOutputs(context);
            return new PrivilegedInformationSquaredTerm(trained, frozen, a);
        }
    }
}
