package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.Set;

/**
 * Zhao et al.'s decoupled knowledge distillation ("Decoupled Knowledge Distillation", CVPR 2022), as mdistiller
 * computes it ({@code distillers/DKD.py}): KD's divergence split into a target-class part and a non-target
 * part, weighted separately. At temperature T, with b = (p_target, 1 − p_target) the binary probabilities of
 * softmax(z/T), TCKD = T²·KL(b_t ‖ b_s); with p̂ the softmax over the non-target classes only (the target's
 * logit lowered by 1000 before the softmax, as mdistiller does), NCKD = T²·KL(p̂_t ‖ p̂_s); the term is
 * α·TCKD + β·NCKD, summed over classes and averaged over the batch. With two classes the non-target
 * distribution has a single class and NCKD is identically 0 (mdistiller#60), so the spec rejects that case.
 * DKD's warm-up is the term's generic {@code schedule: ramp:E}, not part of the term.
 */
public final class DecoupledKdTerm implements LossTerm {
    /** mdistiller's mask: the target logit lowered by this much leaves it out of a float32 softmax. */
    private static final float MASK = 1000f;

    private final View trained;
    private final View frozen;
    private final double alpha;
    private final double beta;
    private final double temperature;

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param alpha the weight of TCKD, finite and ≥ 0
     * @param beta the weight of NCKD, finite and ≥ 0
     * @param temperature T, finite and positive
     */
    public DecoupledKdTerm(View trained, View frozen, double alpha, double beta, double temperature) {
        View.requireTrainedAndFrozen("decoupled knowledge distillation", trained, frozen);
        checkArguments(alpha, beta, temperature);
        this.trained = trained;
        this.frozen = frozen;
        this.alpha = alpha;
        this.beta = beta;
        this.temperature = temperature;
    }

    private static void checkArguments(double alpha, double beta, double temperature) {
        if (!Double.isFinite(temperature) || temperature <= 0) {
            throw new IllegalArgumentException("DKD temperature: expected a finite number > 0, found " + temperature);
        }
        if (!Double.isFinite(alpha) || alpha < 0 || !Double.isFinite(beta) || beta < 0) {
            throw new IllegalArgumentException("DKD alpha and beta: expected finite numbers >= 0, found " + alpha + " and " + beta);
        }
    }

    @Override
    public String name() {
        return "dkd";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        return dkd(step.features(trained).output(), step.features(frozen).output(), step.targets(), alpha, beta, temperature);
    }

    /**
     * α·TCKD + β·NCKD, each T²-scaled, summed over classes and averaged over the batch.
     *
     * @param studentLogits [N, K], K ≥ 3
     * @param teacherLogits [N, K]; no gradient is meant to flow into them
     * @param labels [N] integer class labels
     * @param alpha the weight of the target-class part
     * @param beta the weight of the non-target part
     * @param temperature T, finite and positive
     * @return a scalar
     */
    public static NDArray dkd(NDArray studentLogits, NDArray teacherLogits, NDArray labels, double alpha, double beta, double temperature) {
        checkArguments(alpha, beta, temperature);
        Shape shape = studentLogits.getShape();
        if (!shape.equals(teacherLogits.getShape()) || shape.dimension() != 2) {
            throw new IllegalArgumentException("DKD: student logits " + shape + " and teacher logits " + teacherLogits.getShape()
                    + " must both be [N, K]");
        }
        long n = shape.get(0);
        int k = (int) shape.get(1);
        if (k < 3) {
            throw new IllegalArgumentException("DKD needs at least 3 classes; found " + k);
        }
        float invT = (float) (1 / temperature);
        NDArray mask = labels.toType(DataType.INT64, false).reshape(-1).oneHot(k, DataType.FLOAT32);
        NDArray zs = Scalars.mul(studentLogits, invT);
        NDArray zt = Scalars.mul(teacherLogits, invT);

        // TCKD in logs throughout: log(1 − p_target) as a log-sum-exp over the non-target log-probabilities, so
        // that a confident prediction (1 − p_target underflowing to 0) stays finite where log of a sum would not.
        NDArray[] bs = binaryLogs(zs.logSoftmax(1), mask);
        NDArray[] bt = binaryLogs(zt.logSoftmax(1), mask);
        NDArray tckd = bt[0].exp().mul(bt[0].sub(bs[0])).add(bt[1].exp().mul(bt[1].sub(bs[1]))).sum();

        // NCKD: the target logit lowered out of both softmaxes; the teacher's p̂ at the target is then exactly 0.
        NDArray logQ = zs.sub(Scalars.mul(mask, MASK)).logSoftmax(1);
        NDArray logP = zt.sub(Scalars.mul(mask, MASK)).logSoftmax(1);
        NDArray nckd = logP.exp().mul(logP.sub(logQ)).sum();

        float scale = (float) (temperature * temperature / n);
        return Scalars.mul(tckd, (float) alpha * scale).add(Scalars.mul(nckd, (float) beta * scale));
    }

    /** @return log p_target and log(1 − p_target), each [N, 1], from log-probabilities [N, K] and a one-hot mask */
    private static NDArray[] binaryLogs(NDArray logp, NDArray mask) {
        NDArray target = logp.mul(mask).sum(new int[] {1}, true);
        NDArray others = logp.sub(Scalars.mul(mask, MASK));
        // The max is a constant shift: detached, as a log-sum-exp's shift is, so its gradient is exact.
        NDArray shift = others.max(new int[] {1}, true).stopGradient();
        NDArray other = others.sub(shift).exp().sum(new int[] {1}, true).log().add(shift);
        return new NDArray[] {target, other};
    }

    /**
     * The settings of {@code type: dkd}.
     *
     * @param alpha the weight of TCKD (default 1, mdistiller's CIFAR setting)
     * @param beta the weight of NCKD (default 8, mdistiller's CIFAR setting)
     * @param temperature T (default 4)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(Double alpha, Double beta, Double temperature, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(alpha == null ? 1.0 : alpha, beta == null ? 8.0 : beta, temperature == null ? 4.0 : temperature,
                    student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public LossTerm build(TermContext context) {
            Spec d = (Spec) withDefaults();
            if (!Double.isFinite(d.temperature()) || d.temperature() <= 0) {
                throw context.error("temperature", "expected a number > 0, found " + d.temperature());
            }
            if (!Double.isFinite(d.alpha()) || d.alpha() < 0) {
                throw context.error("alpha", "expected a number >= 0, found " + d.alpha());
            }
            if (!Double.isFinite(d.beta()) || d.beta() < 0) {
                throw context.error("beta", "expected a number >= 0, found " + d.beta());
            }
            if (!context.classification()) {
                throw context.error(null, "DKD splits the target class from the others, so it needs class labels, but the data has regression targets; use type: kd or pi");
            }
            View trainedView = context.view("student", d.student(), false);
            View frozenView = context.view("teacher", d.teacher(), true);
            OutputRules.requireSameOutputs(context);
            Shape out = context.studentOutput();
            long classes = out.get(out.dimension() - 1);
            if (classes < 3) {
                throw context.error(null, "DKD needs at least 3 classes; found " + classes
                        + " (with two, the non-target part has a single class and carries nothing); use type: kd");
            }
            return new DecoupledKdTerm(trainedView, frozenView, d.alpha(), d.beta(), d.temperature());
        }
    }
}
