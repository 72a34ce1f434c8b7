package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Peng et al.'s correlation congruence ("Correlation Congruence for Knowledge Distillation", ICCV 2019), with the
 * paper's Gaussian-kernel correlation in the form torchdistill computes it ({@code CCKDLoss} with kernel
 * {@code gaussian} and reduction {@code batchmean}, in {@code torchdistill/losses/mid_level.py}), which is the
 * definition followed here: each model's chosen tap (by default its penultimate vector, as RepDistiller wires
 * {@code correlation}) is flattened and mapped by its own linear embedding head to {@code embed_dim} (128, as
 * RepDistiller's {@code LinearEmbed}); of the embeddings E [N, d] the correlation matrix is the order-P Taylor
 * expansion of the Gaussian kernel,
 * C = exp(−2γ) · Σ_{p=0..P} (2γ)^p / p! · (E·Eᵀ)^p, element-wise powers (torchdistill's {@code max_p} and
 * {@code gamma}, by default 2 and 0.4 as in its shipped CCKD config); and the loss is the Frobenius distance
 * ‖C_s − C_t‖_F — not squared, as torchdistill's {@code torch.dist} — divided by N². Neither torchdistill nor this
 * term L2-normalises the embeddings, which the expansion of exp(−γ‖a − b‖²) assumes. RepDistiller's
 * {@code distiller_zoo/CC.py} computes a different loss (products of neighbouring examples' embedding
 * differences); only its wiring (two 128-d heads on the penultimate vectors, trained with the student) and its
 * weight 0.02 are taken from it. Both heads are trainable parts of the term.
 */
public final class CorrelationCongruenceTerm implements LossTerm {
    /** A floor on the squared distance, so that identical correlations give a zero gradient (as torch.dist) instead of NaN. */
    private static final float SQUARED_DISTANCE_FLOOR = Float.MIN_NORMAL;

    private final View trained;
    private final View frozen;
    private final String studentTap;
    private final String teacherTap;
    private final Block studentEmbed;
    private final Block teacherEmbed;
    private final double gamma;
    private final int order;

    /**
     * @param trained the student view
     * @param frozen the teacher view
     * @param studentTap the student's tap
     * @param teacherTap the teacher's tap
     * @param studentEmbed the initialised linear head on the student's flattened tap
     * @param teacherEmbed the initialised linear head on the teacher's flattened tap, with the same output width
     * @param gamma the Gaussian kernel's γ, positive
     * @param order the Taylor expansion's highest power P, at least 1
     */
    public CorrelationCongruenceTerm(View trained, View frozen, String studentTap, String teacherTap, Block studentEmbed, Block teacherEmbed,
            double gamma, int order) {
        View.requireTrainedAndFrozen("correlation congruence", trained, frozen);
        checkKernel(gamma, order);
        this.trained = trained;
        this.frozen = frozen;
        this.studentTap = studentTap;
        this.teacherTap = teacherTap;
        this.studentEmbed = studentEmbed;
        this.teacherEmbed = teacherEmbed;
        this.gamma = gamma;
        this.order = order;
    }

    private static void checkKernel(double gamma, int order) {
        if (!(gamma > 0) || Double.isInfinite(gamma) || order < 1) {
            throw new IllegalArgumentException("correlation congruence: expected gamma > 0 and order >= 1, found " + gamma + " and " + order);
        }
    }

    @Override
    public String name() {
        return "cc";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public Map<String, Block> parts() {
        Map<String, Block> parts = new LinkedHashMap<>();
        parts.put("student_embed", studentEmbed);
        parts.put("teacher_embed", teacherEmbed);
        return parts;
    }

    @Override
    public NDArray compute(StepView step) {
        NDArray s = step.features(trained).tap(studentTap);
        NDArray t = step.features(frozen).tap(teacherTap);
        NDArray es = step.applyTrained(studentEmbed, s.reshape(s.getShape().get(0), -1));
        NDArray et = step.applyTrained(teacherEmbed, t.reshape(t.getShape().get(0), -1));
        return cc(es, et, gamma, order);
    }

    /**
     * @param embedding [N, d]
     * @param gamma the Gaussian kernel's γ
     * @param order the highest power P
     * @return [N, N]: exp(−2γ) · Σ_{p=0..P} (2γ)^p / p! · (E·Eᵀ)^p, powers element-wise
     */
    public static NDArray correlation(NDArray embedding, double gamma, int order) {
        checkKernel(gamma, order);
        NDArray gram = embedding.matMul(embedding.transpose());
        NDArray sum = gram.onesLike();
        NDArray power = gram;
        double coefficient = 1;
        for (int p = 1; p <= order; p++) {
            coefficient *= 2 * gamma / p;
            sum = sum.add(Scalars.mul(power, (float) coefficient));
            if (p < order) {
                power = power.mul(gram);
            }
        }
        return Scalars.mul(sum, (float) Math.exp(-2 * gamma));
    }

    /**
     * The correlation-congruence loss of two embeddings.
     *
     * @param student the student's embedding [N, d]
     * @param teacher the teacher's embedding [N, d']
     * @param gamma the Gaussian kernel's γ
     * @param order the highest power P
     * @return ‖C_s − C_t‖_F / N²
     */
    public static NDArray cc(NDArray student, NDArray teacher, double gamma, int order) {
        Shape s = student.getShape();
        Shape t = teacher.getShape();
        if (s.dimension() != 2 || t.dimension() != 2 || s.get(0) != t.get(0)) {
            throw new IllegalArgumentException("correlation congruence: student " + s + " and teacher " + t
                    + " must be embeddings [N, d] with the same batch size N");
        }
        long n = s.get(0);
        NDArray d = correlation(student, gamma, order).sub(correlation(teacher, gamma, order));
        return Scalars.div(Scalars.maximum(d.square().sum(), SQUARED_DISTANCE_FLOOR).sqrt(), (float) n * n);
    }

    /**
     * The settings of {@code type: cc}.
     *
     * @param studentTap the student's tap (default: its penultimate vector, {@code pool} or the last hidden layer)
     * @param teacherTap the teacher's tap (default: its penultimate vector)
     * @param embedDim the width of both embedding heads (default 128)
     * @param gamma the Gaussian kernel's γ (default 0.4)
     * @param order the Taylor expansion's highest power P (default 2)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(String studentTap, String teacherTap, Integer embedDim, Double gamma, Integer order, String student, String teacher)
            implements TermSpec {
        /** RepDistiller's feat_dim. */
        public static final int EMBED_DIM = 128;
        /** torchdistill's CCKD config. */
        public static final double GAMMA = 0.4;
        /** torchdistill's CCKD config (max_p). */
        public static final int ORDER = 2;

        @Override
        public TermSpec withDefaults() {
            return new Spec(studentTap, teacherTap, embedDim == null ? EMBED_DIM : embedDim, gamma == null ? GAMMA : gamma, order == null ? ORDER : order,
                    student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public TermSpec resolve(TermContext context) {
            Spec d = (Spec) withDefaults();
            return new Spec(studentTap(context), teacherTap(context), d.embedDim(), d.gamma(), d.order(), d.student(), d.teacher());
        }

        private String studentTap(TermContext context) {
            return studentTap != null ? studentTap : PenultimateTap.require(context, "student_tap", false).get(0);
        }

        private String teacherTap(TermContext context) {
            return teacherTap != null ? teacherTap : PenultimateTap.require(context, "teacher_tap", true).get(0);
        }

        @Override
        public LossTerm build(TermContext context) {
            int width = embedDim == null ? EMBED_DIM : embedDim;
            if (width < 1) {
                throw context.error("embed_dim", "expected the embedding heads' width, at least 1, found " + width);
            }
            double g = gamma == null ? GAMMA : gamma;
            if (!(g > 0) || Double.isInfinite(g)) {
                throw context.error("gamma", "expected the Gaussian kernel's gamma, finite and > 0, found " + g);
            }
            int p = order == null ? ORDER : order;
            if (p < 1) {
                throw context.error("order", "expected the Taylor expansion's highest power, at least 1, found " + p);
            }
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            String sTap = studentTap(context);
            String tTap = teacherTap(context);
            Shape ss = context.studentTap("student_tap", sTap);
            Shape ts = context.teacherTap("teacher_tap", tTap);
            Block studentEmbed = context.initialisePart(Linear.builder().setUnits(width).build(), "student_embed", new Shape(1, ss.slice(1).size()));
            Block teacherEmbed = context.initialisePart(Linear.builder().setUnits(width).build(), "teacher_embed", new Shape(1, ts.slice(1).size()));
            return new CorrelationCongruenceTerm(trainedView, frozenView, sTap, tTap, studentEmbed, teacherEmbed, g, p);
        }
    }
}
