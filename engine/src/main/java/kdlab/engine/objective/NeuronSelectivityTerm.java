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
 * Huang and Wang's neuron selectivity transfer ("Like What You Like: Knowledge Distill via Neuron Selectivity
 * Transfer", arXiv 2017), as RepDistiller computes it ({@code distiller_zoo/NST.py}, {@code full_loss}): at each
 * tap pair of feature maps [N, C, H, W] each channel is flattened over its H·W positions and divided by
 * max(its L2 norm, 1e-12); with the degree-2 polynomial kernel k(a, b) = (a·b)² between channels, the loss is the
 * squared maximum mean discrepancy mean k(t, t) + mean k(s, s) − 2·mean k(s, t), each mean over the batch and
 * all channel pairs, summed over the tap pairs. The two networks may differ in channels. Where RepDistiller
 * adaptive-average-pools the larger of two spatial sizes down to the smaller, kdlab requires equal H × W and
 * says so before the first batch.
 */
public final class NeuronSelectivityTerm implements LossTerm {
    private static final float NORM_FLOOR = 1e-12f;

    private final View trained;
    private final View frozen;
    private final TapPairs pairs;

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param taps the student's taps, at least one, feature maps
     * @param teacherTaps the teacher's tap paired with each, in the same order
     */
    public NeuronSelectivityTerm(View trained, View frozen, List<String> taps, List<String> teacherTaps) {
        View.requireTrainedAndFrozen("neuron selectivity transfer", trained, frozen);
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
        return "nst";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        return pairs.sum(step.features(trained), step.features(frozen), (tap, s, t) -> {
            String problem = shapeProblem(s.getShape(), t.getShape());
            if (problem != null) {
                throw new IllegalArgumentException("neuron selectivity transfer at tap '" + tap + "': student " + s.getShape() + ", teacher "
                        + t.getShape() + ": " + problem);
            }
            return nst(s, t);
        });
    }

    private static String shapeProblem(Shape student, Shape teacher) {
        if (student.dimension() != 4 || teacher.dimension() != 4) {
            return "both must be feature maps [N, C, H, W]";
        }
        if (student.get(0) != teacher.get(0) || student.get(2) != teacher.get(2) || student.get(3) != teacher.get(3)) {
            return "batch and spatial sizes (N, H, W) must agree; only the channels may differ";
        }
        return null;
    }

    /**
     * @param feature [N, C, H, W]
     * @return [N, C, H·W]: each channel's map divided by max(its L2 norm, 1e-12)
     */
    public static NDArray selectivity(NDArray feature) {
        Shape s = feature.getShape();
        NDArray f = feature.reshape(s.get(0), s.get(1), -1);
        // sqrt(max(Σx², floor²)) is max(‖x‖, floor), with a zero gradient instead of NaN at a dead channel.
        return f.div(Scalars.maximum(f.square().sum(new int[] {2}, true), NORM_FLOOR * NORM_FLOOR).sqrt());
    }

    /**
     * @param a [N, C_a, P] normalised channels
     * @param b [N, C_b, P]
     * @return the mean over the batch and the C_a × C_b channel pairs of (a_i·b_j)²
     */
    public static NDArray polynomialKernelMean(NDArray a, NDArray b) {
        return a.matMul(b.transpose(0, 2, 1)).square().mean();
    }

    /**
     * The NST loss of one tap pair.
     *
     * @param student the student's feature map, [N, C_s, H, W]
     * @param teacher the teacher's feature map, [N, C_t, H, W]
     * @return mean k(t, t) + mean k(s, s) − 2·mean k(s, t)
     * @throws IllegalArgumentException when the shapes are not [N, C, H, W] with equal N, H and W
     */
    public static NDArray nst(NDArray student, NDArray teacher) {
        String problem = shapeProblem(student.getShape(), teacher.getShape());
        if (problem != null) {
            throw new IllegalArgumentException("neuron selectivity transfer: student " + student.getShape() + ", teacher " + teacher.getShape() + ": "
                    + problem);
        }
        NDArray s = selectivity(student);
        NDArray t = selectivity(teacher);
        return polynomialKernelMean(t, t).add(polynomialKernelMean(s, s)).sub(Scalars.mul(polynomialKernelMean(s, t), 2f));
    }

    /**
     * The settings of {@code type: nst}.
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
            TapPairs pairs = TapPairs.read(context, taps, teacherTaps, "the student's feature-map taps, e.g. [stage1, stage2, stage3]",
                    (s, t) -> s.dimension() != 4 || t.dimension() != 4 ? "neuron selectivity transfer needs feature maps [C, H, W]"
                            : s.get(2) != t.get(2) || s.get(3) != t.get(3)
                                    ? "neuron selectivity transfer needs the same spatial size H x W (RepDistiller's pooling of the larger "
                                            + "map is not done); pair taps of equal size" : null);
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            return new NeuronSelectivityTerm(trainedView, frozenView, pairs.student(), pairs.teacher());
        }
    }
}
