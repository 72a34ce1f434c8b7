package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kdlab.models.adapt.ConnectorKind;
import kdlab.models.tap.Features;

/**
 * Activation-boundary distillation (Heo, Lee, Yun and Choi, "Knowledge Transfer via Distillation of Activation
 * Boundaries Formed by Hidden Neurons", AAAI 2019), as RepDistiller computes it ({@code distiller_zoo/AB.py},
 * from the authors' code): the student's pre-activation maps, each through a connector (1×1 convolution without
 * bias, then batch norm; weights drawn from N(0, 2/C_out) as RepDistiller's {@code build_feature_connector}),
 * are pushed to the same side of the ReLU's boundary as the teacher's pre-activations, with a margin m: per pair
 * l = Σ (s + m)²·[s > −m ∧ t ≤ 0] + (s − m)²·[s ≤ m ∧ t > 0], and the loss is Σ_i 2^(i−n+1)·l_i / N / 1000 · 3
 * over the n pairs (the deepest pair weighs 1, each shallower one half the next; RepDistiller's {@code / 1000 * 3}
 * scale). The taps should be pre-activation ({@code stageN_pre} of the CNN families).
 *
 * <p>RepDistiller trains the connectors and the student's feature layers with this loss alone in an
 * initialisation phase of 30 epochs, then sets its weight to 0 for the main training; the loss is the same in
 * both phases, so the term does not look at the phase: an experiment gives it its weight per phase.
 */
public final class ActivationBoundaryTerm implements LossTerm {
    private final View trained;
    private final View frozen;
    private final TapPairs pairs;
    private final List<Block> connectors;
    private final float margin;

    /**
     * @param trained the student view
     * @param frozen the teacher view
     * @param pairs the tap pairs, shallowest first, each student tap at most once
     * @param connectors the initialised connector of each pair, in order
     * @param margin the margin m around the boundary (RepDistiller: 1)
     */
    public ActivationBoundaryTerm(View trained, View frozen, TapPairs pairs, List<Block> connectors, double margin) {
        View.requireTrainedAndFrozen("activation-boundary distillation", trained, frozen);
        if (connectors.size() != pairs.student().size()) {
            throw new IllegalArgumentException("expected one connector per tap pair (" + pairs.student().size() + "), found " + connectors.size());
        }
        this.trained = trained;
        this.frozen = frozen;
        this.pairs = pairs;
        this.connectors = List.copyOf(connectors);
        this.margin = (float) margin;
    }

    /** @return the student's taps */
    public List<String> taps() {
        return pairs.student();
    }

    @Override
    public String name() {
        return "ab";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public Map<String, Block> parts() {
        Map<String, Block> parts = new LinkedHashMap<>();
        for (int i = 0; i < connectors.size(); i++) {
            parts.put("connector_" + pairs.student().get(i), connectors.get(i));
        }
        return parts;
    }

    @Override
    public NDArray compute(StepView step) {
        Features student = step.features(trained);
        Features teacher = step.features(frozen);
        List<NDArray> sources = new ArrayList<>();
        List<NDArray> targets = new ArrayList<>();
        for (int i = 0; i < connectors.size(); i++) {
            sources.add(step.applyTrained(connectors.get(i), student.tap(pairs.student().get(i))));
            targets.add(teacher.tap(pairs.teacher().get(i)));
        }
        return ab(sources, targets, margin);
    }

    /**
     * The unscaled loss of one pair.
     *
     * @param source the connector's output on the student's pre-activation, [N, C, H, W]
     * @param target the teacher's pre-activation, of the same shape
     * @param margin m
     * @return Σ (s + m)²·[s > −m ∧ t ≤ 0] + (s − m)²·[s ≤ m ∧ t > 0] over all elements
     */
    public static NDArray boundary(NDArray source, NDArray target, float margin) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("activation-boundary distillation: expected the connector's output and the teacher's map of one shape, found "
                    + source.getShape() + " and " + target.getShape());
        }
        NDArray teacherOff = target.lte(0f);
        NDArray belowOff = source.gt(-margin).logicalAnd(teacherOff).toType(DataType.FLOAT32, false);
        NDArray belowOn = source.lte(margin).logicalAnd(teacherOff.logicalNot()).toType(DataType.FLOAT32, false);
        return source.add(margin).square().mul(belowOff).add(source.sub(margin).square().mul(belowOn)).sum();
    }

    /**
     * @param sources the connectors' outputs, shallowest pair first
     * @param targets the teacher's pre-activations, in the same order
     * @param margin m
     * @return Σ_i 2^(i−n+1)·l_i / N / 1000 · 3
     */
    public static NDArray ab(List<NDArray> sources, List<NDArray> targets, float margin) {
        int n = sources.size();
        long batch = sources.get(0).getShape().get(0);
        NDArray sum = null;
        for (int i = 0; i < n; i++) {
            NDArray d = Scalars.mul(boundary(sources.get(i), targets.get(i), margin), (float) (Math.pow(2, i - n + 1) / batch / 1000 * 3));
            sum = sum == null ? d : sum.add(d);
        }
        return sum;
    }

    /**
     * @param tap the student tap, for messages
     * @param student its shape (batch axis first)
     * @param teacher the paired teacher tap's shape
     * @return the connector, uninitialised: 1×1 convolution to the teacher's channels, then batch norm, its
     *     weights to be drawn from N(0, 2/C_out)
     */
    static Block connector(String tap, Shape student, Shape teacher) {
        Block c = ConnectorKind.CONV.build(tap, student, teacher);
        c.setInitializer(new NormalInitializer((float) Math.sqrt(2.0 / teacher.get(1))), Parameter.Type.WEIGHT);
        return c;
    }

    /**
     * The settings of {@code type: ab}.
     *
     * @param taps the student's pre-activation maps (required), shallowest first, e.g. [stage1_pre, stage2_pre,
     *     stage3_pre]
     * @param teacherTaps the teacher's pre-activation map paired with each (default: the same names), of the
     *     same spatial size
     * @param margin m (1.0)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(List<String> taps, List<String> teacherTaps, Double margin, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(taps, teacherTaps == null || teacherTaps.isEmpty() ? taps : teacherTaps, margin == null ? 1.0 : margin,
                    student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public LossTerm build(TermContext context) {
            TapPairs pairs = TapPairs.read(context, taps, teacherTaps, "the student's pre-activation maps, shallowest first", (s, t) ->
                    s.dimension() == 4 && t.dimension() == 4 && s.get(2) == t.get(2) && s.get(3) == t.get(3) ? null
                            : "activation-boundary distillation needs feature maps [C, H, W] of the same spatial size H x W (a 1x1 connector joins them)");
            if (new HashSet<>(pairs.student()).size() != pairs.student().size()) {
                throw context.error("taps", "expected each student tap at most once (each has its own connector), found " + pairs.student());
            }
            double m = margin == null ? 1.0 : margin;
            if (!(m >= 0) || Double.isInfinite(m)) {
                throw context.error("margin", "expected a finite margin of 0 or more, found " + m);
            }
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            List<Block> connectors = new ArrayList<>();
            for (int i = 0; i < pairs.student().size(); i++) {
                String tap = pairs.student().get(i);
                Shape s = context.studentTap("taps", tap);
                connectors.add(context.initialisePart(connector(tap, s, context.teacherTap("teacher_taps", pairs.teacher().get(i))), "connector_" + tap, s));
            }
            return new ActivationBoundaryTerm(trainedView, frozenView, pairs, connectors, m);
        }
    }
}
