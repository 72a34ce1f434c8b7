package kdlab.engine.objective;

import kdlab.models.Scalars;

import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import ai.djl.ndarray.NDArray;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hinton, Vinyals and Dean's knowledge distillation ("Distilling the Knowledge in a Neural Network", arXiv
 * 1503.02531, 2015): T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)), the divergence summed over classes and averaged
 * over the batch, between the frozen teacher's logits z_t and the student's logits z_s at temperature T. The
 * factor T² keeps the gradient's magnitude roughly independent of T, as the paper prescribes, so the weight of
 * this term need not be retuned when T changes.
 */
public final class KnowledgeDistillationTerm implements LossTerm {
    private final View trained;
    private final View frozen;
    private final double temperature;

    /**
     * The student on the noisy inputs against the teacher on the clean ones, as in the rest of kdlab; on a
     * dataset without noise the two inputs are the same array.
     *
     * @param temperature T, finite and positive
     */
    public KnowledgeDistillationTerm(double temperature) {
        this(View.TRAINED_NOISY, View.FROZEN_CLEAN, temperature);
    }

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param temperature T, finite and positive
     */
    public KnowledgeDistillationTerm(View trained, View frozen, double temperature) {
        View.requireTrainedAndFrozen("knowledge distillation", trained, frozen);
        checkTemperature(temperature);
        this.trained = trained;
        this.frozen = frozen;
        this.temperature = temperature;
    }

    private static void checkTemperature(double temperature) {
        if (!Double.isFinite(temperature) || temperature <= 0) {
            throw new IllegalArgumentException("knowledge distillation temperature: expected a finite number > 0, found " + temperature);
        }
    }

    /** @return the temperature T */
    public double temperature() {
        return temperature;
    }

    @Override
    public String name() {
        return "kd";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        return kd(step.features(trained).output(), step.features(frozen).output(), temperature);
    }

    /**
     * T²·KL(p_t ‖ p_s) with p = softmax(z/T), summed over classes, mean over the batch (PyTorch's
     * {@code kl_div(..., reduction="batchmean") * T*T}).
     *
     * @param studentLogits [N, K]
     * @param teacherLogits [N, K]; no gradient is meant to flow into them
     * @param temperature T, finite and positive
     * @return a scalar
     */
    public static NDArray kd(NDArray studentLogits, NDArray teacherLogits, double temperature) {
        checkTemperature(temperature);
        if (!studentLogits.getShape().equals(teacherLogits.getShape()) || studentLogits.getShape().dimension() != 2) {
            throw new IllegalArgumentException("knowledge distillation: student logits " + studentLogits.getShape()
                    + " and teacher logits " + teacherLogits.getShape() + " must both be [N, K]");
        }
        float invT = (float) (1 / temperature);
        // Both sides as log-softmax: log p is exact even where p underflows to 0, and p·(log p − log q) is then
        // 0·finite = 0 rather than the 0·(−inf) a log of a softmax would give.
        NDArray logQ = Scalars.mul(studentLogits, invT).logSoftmax(1);
        NDArray logP = Scalars.mul(teacherLogits, invT).logSoftmax(1);
        NDArray perElement = logP.exp().mul(logP.sub(logQ));
        long n = studentLogits.getShape().get(0);
        // A full sum divided by N: the sum over classes and the batch mean at once.
        return Scalars.mul(perElement.sum(), (float) (temperature * temperature / n));
    }

    /**
     * The settings of {@code type: kd}.
     *
     * @param temperature T (default 4, as RepDistiller's and mdistiller's CIFAR recipes)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(Double temperature, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(temperature == null ? 4.0 : temperature, student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public LossTerm build(TermContext context) {
            double t = temperature == null ? 4.0 : temperature;
            if (!Double.isFinite(t) || t <= 0) {
                throw context.error("temperature", "expected a number > 0, found " + t);
            }
            View trained = context.view("student", student == null ? "noisy" : student, false);
            View frozen = context.view("teacher", teacher == null ? "clean" : teacher, true);
            OutputRules.requireSameOutputs(context);
            return new KnowledgeDistillationTerm(trained, frozen, t);
        }
    }
}
