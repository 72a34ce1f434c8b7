package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kdlab.models.tap.Features;

/**
 * Variational information distillation (Ahn, Hu, Damianou, Lawrence and Dai, "Variational Information
 * Distillation for Knowledge Transfer", CVPR 2019), as RepDistiller computes it ({@code distiller_zoo/VID.py},
 * from the authors' code): at each tap pair the teacher's feature t is modelled as a Gaussian whose mean μ is a
 * regressor of the student's feature and whose variance σ²_c = softplus(α_c) + ε is one learnt number per teacher
 * channel; the loss is the negative log-likelihood without its constant, mean over batch, channels and positions
 * of ½·((μ − t)²/σ² + log σ²), summed over the pairs. The regressor (three bias-free 1×1 convolutions with ReLUs
 * between, as many middle channels as the teacher has; for flat features three bias-free linear layers) and the
 * log-scales α (initialised to softplus⁻¹(5 − ε), ε = 1e-5) are trainable parts of the term. When the two maps
 * differ in spatial size the larger is average-pooled to the smaller, as RepDistiller does.
 */
public final class VariationalInformationTerm implements LossTerm {
    /** RepDistiller's floor on the predicted variance. */
    static final float EPSILON = 1e-5f;

    private final View trained;
    private final View frozen;
    private final TapPairs pairs;
    private final List<Block> regressors;
    private final List<Block> logScales;

    /**
     * @param trained the student view
     * @param frozen the teacher view
     * @param pairs the tap pairs, each student tap at most once
     * @param regressors the initialised regressor of each pair, in order
     * @param logScales the initialised log-scale block of each pair ({@link #logScale}), in order
     */
    public VariationalInformationTerm(View trained, View frozen, TapPairs pairs, List<Block> regressors, List<Block> logScales) {
        View.requireTrainedAndFrozen("variational information distillation", trained, frozen);
        if (regressors.size() != pairs.student().size() || logScales.size() != pairs.student().size()) {
            throw new IllegalArgumentException("expected one regressor and one log-scale per tap pair (" + pairs.student().size() + "), found "
                    + regressors.size() + " and " + logScales.size());
        }
        this.trained = trained;
        this.frozen = frozen;
        this.pairs = pairs;
        this.regressors = List.copyOf(regressors);
        this.logScales = List.copyOf(logScales);
    }

    /** @return the student's taps */
    public List<String> taps() {
        return pairs.student();
    }

    @Override
    public String name() {
        return "vid";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public Map<String, Block> parts() {
        Map<String, Block> parts = new LinkedHashMap<>();
        for (int i = 0; i < regressors.size(); i++) {
            parts.put("regressor_" + pairs.student().get(i), regressors.get(i));
            parts.put("log_scale_" + pairs.student().get(i), logScales.get(i));
        }
        return parts;
    }

    @Override
    public NDArray compute(StepView step) {
        Features student = step.features(trained);
        Features teacher = step.features(frozen);
        NDArray sum = null;
        for (int i = 0; i < regressors.size(); i++) {
            NDArray[] matched = FeatureMaps.matchSpatial(student.tap(pairs.student().get(i)), teacher.tap(pairs.teacher().get(i)));
            NDArray mean = step.applyTrained(regressors.get(i), matched[0]);
            NDArray d = vid(mean, matched[1], step.applyTrained(logScales.get(i), matched[0]));
            sum = sum == null ? d : sum.add(d);
        }
        return sum;
    }

    /**
     * The loss of one tap pair.
     *
     * @param mean the regressor's output μ, [N, C] or [N, C, H, W]
     * @param target the teacher's feature, of the same shape
     * @param logScale α [C]; the variance of channel c is log(1 + exp(α_c)) + 1e-5
     * @return mean over all elements of ½·((μ − t)²/σ² + log σ²)
     */
    public static NDArray vid(NDArray mean, NDArray target, NDArray logScale) {
        if (!mean.getShape().equals(target.getShape()) || mean.getShape().dimension() < 2 || logScale.size() != mean.getShape().get(1)) {
            throw new IllegalArgumentException("variational information distillation: expected a mean and a target of one shape [N, C, ...] and "
                    + "C log-scales, found " + mean.getShape() + ", " + target.getShape() + " and " + logScale.getShape());
        }
        long[] varShape = new long[mean.getShape().dimension()];
        java.util.Arrays.fill(varShape, 1);
        varShape[1] = logScale.size();
        // RepDistiller's own softplus, log(1 + exp(α)): α starts near 5, far from where it would overflow.
        NDArray variance = logScale.exp().add(1f).log().add(EPSILON).reshape(varShape);
        return Scalars.mul(mean.sub(target).square().div(variance).add(variance.log()), 0.5f).mean();
    }

    /**
     * @param student the student's feature shape (batch axis first), after any pooling
     * @param teacher the teacher's feature shape
     * @return RepDistiller's regressor, uninitialised: 1×1 convolutions for maps, linear layers for flat features
     */
    static Block regressor(Shape student, Shape teacher) {
        int out = (int) teacher.get(1);
        SequentialBlock net = new SequentialBlock();
        for (int layer = 0; layer < 3; layer++) {
            if (layer > 0) {
                net.add(Activation.reluBlock());
            }
            net.add(student.dimension() == 4
                    ? Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(out).optBias(false).build()
                    : Linear.builder().setUnits(out).optBias(false).build());
        }
        return net;
    }

    /**
     * @param channels the teacher's channels
     * @param initialVariance the variance every channel starts with (RepDistiller: 5)
     * @return a block holding α [channels], initialised to softplus⁻¹(initialVariance − 1e-5); its output is α
     */
    static Block logScale(long channels, double initialVariance) {
        return new LogScale(channels, (float) Math.log(Math.expm1(initialVariance - EPSILON)));
    }

    /** A trainable vector the loop optimises and checkpoints like any part; forward returns it, whatever its input. */
    private static final class LogScale extends AbstractBlock {
        private final long channels;
        private final Parameter alpha;

        LogScale(long channels, float initial) {
            super((byte) 1);
            this.channels = channels;
            this.alpha = addParameter(Parameter.builder().setName("log_scale").setType(Parameter.Type.OTHER).optShape(new Shape(channels))
                    .optInitializer(new ConstantInitializer(initial)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray scale = store.getValue(alpha, inputs.head().getDevice(), training);
            // Every result computed from the parameter would stay on its long-lived manager for the whole run:
            // lend it to the batch's manager, which hands it back when it closes.
            if (scale.getManager() != inputs.head().getManager()) {
                scale.tempAttach(inputs.head().getManager());
            }
            return new NDList(scale);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(channels)};
        }
    }

    /**
     * The settings of {@code type: vid}.
     *
     * @param taps the student's taps (required), each at most once: feature maps [C, H, W] or flat features [D]
     * @param teacherTaps the teacher's tap paired with each (default: the same names), of the same kind; maps may
     *     differ in spatial size when the larger is a whole multiple of the smaller
     * @param initPredVar the variance every teacher channel starts with (RepDistiller: 5.0)
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(List<String> taps, List<String> teacherTaps, Double initPredVar, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(taps, teacherTaps == null || teacherTaps.isEmpty() ? taps : teacherTaps, initPredVar == null ? 5.0 : initPredVar,
                    student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public LossTerm build(TermContext context) {
            TapPairs pairs = TapPairs.read(context, taps, teacherTaps, "the student's taps whose regressors predict the teacher's", Spec::problem);
            if (new HashSet<>(pairs.student()).size() != pairs.student().size()) {
                throw context.error("taps", "expected each student tap at most once (each has its own regressor), found " + pairs.student());
            }
            double variance = initPredVar == null ? 5.0 : initPredVar;
            if (!(variance > EPSILON) || Double.isInfinite(variance)) {
                throw context.error("init_pred_var", "expected a finite variance above 1e-5, found " + variance);
            }
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            List<Block> regressors = new ArrayList<>();
            List<Block> logScales = new ArrayList<>();
            for (int i = 0; i < pairs.student().size(); i++) {
                String tap = pairs.student().get(i);
                Shape t = context.teacherTap("teacher_taps", pairs.teacher().get(i));
                Shape s = FeatureMaps.matchedShape(context.studentTap("taps", tap), t);
                regressors.add(context.initialisePart(regressor(s, t), "regressor_" + tap, s));
                logScales.add(context.initialisePart(logScale(t.get(1), variance), "log_scale_" + tap, s));
            }
            return new VariationalInformationTerm(trainedView, frozenView, pairs, regressors, logScales);
        }

        private static String problem(Shape s, Shape t) {
            if (s.dimension() == 2 && t.dimension() == 2) {
                return null;
            }
            if (s.dimension() == 4 && t.dimension() == 4) {
                return FeatureMaps.poolingProblem(s, t);
            }
            return "variational information distillation needs two feature maps [C, H, W] or two flat features [D]";
        }
    }
}
