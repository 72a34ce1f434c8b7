package kdlab.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kdlab.datasets.Batch;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.ObjectiveSetting;
import kdlab.engine.config.TermSetting;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.LossTerm;
import kdlab.engine.objective.StepProgress;
import kdlab.engine.objective.StepView;
import kdlab.engine.objective.TermContext;
import kdlab.engine.objective.View;
import kdlab.models.ModelSpec;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward and backward of one loss term of the zoo ({@code studies/zoo.yaml}: resnet20 teacher, resnet8 student,
 * batch 64), with the settings the zoo gives the term (its weight and schedule aside: they scale the term's value
 * outside it). Inputs are CIFAR-100-shaped by default ([64, 3, 32, 32], 100 classes: the dataset of the zoo's
 * full scale); {@code -p data=fashion} gives the zoo's smoke scale, Fashion-MNIST padded to [64, 1, 32, 32] with
 * 10 classes. Terms are built as a run builds them: the zoo's JSON read through {@link ObjectiveSetting} and
 * {@link kdlab.engine.objective.TermRegistry}, then {@link kdlab.engine.objective.TermSpec#build} with a
 * {@link TermContext} holding the real resnet20 and resnet8, so connectors, heads and CRD's memory are the ones a
 * run trains.
 *
 * <p>What is timed is the term alone. Both networks run once, in {@link #setUp}, and their outputs and taps are
 * kept. The timed method hands them to the term through a {@link StepView} whose "models" replay the kept arrays
 * ({@link Replay}): each invocation gets fresh leaves that alias the kept student arrays and require a gradient,
 * so the backward runs through the term (and its trained parts: connectors, embedding heads, FT's translator)
 * and stops where the student network would take over, and no gradient accumulates in those leaves from one
 * invocation to the next. Per invocation it times {@link LossTerm#compute}, the backward of the unweighted term
 * inside a gradient collector (as {@link kdlab.engine.train.TrainingStep} does), and {@link LossTerm#afterStep}
 * (CRD's memory update; a no-op for the other terms), then reads the term's value. Not timed: the networks'
 * forwards and backwards, the optimizer. The {@code none} row times this harness with no term (replaying both
 * models' features and reading one value): the floor under every other row.
 *
 * <p>The terms, by objective name ({@link #term}), and the method each implements:
 * <ul>
 *   <li>{@code ce}: softmax cross-entropy ({@link kdlab.engine.objective.CrossEntropyTerm});</li>
 *   <li>{@code kd}: Hinton, Vinyals and Dean 2015, T = 4 ({@link kdlab.engine.objective.KnowledgeDistillationTerm});</li>
 *   <li>{@code fitnets}: the FitNets hint, Romero et al. ICLR 2015, stage2 through a conv regressor
 *       ({@link kdlab.engine.objective.FitNetsHintTerm});</li>
 *   <li>{@code at}: attention transfer, Zagoruyko and Komodakis ICLR 2017, stages 1-3
 *       ({@link kdlab.engine.objective.AttentionTransferTerm});</li>
 *   <li>{@code sp}: similarity preserving, Tung and Mori ICCV 2019, stages 2-3
 *       ({@link kdlab.engine.objective.SimilarityPreservingTerm});</li>
 *   <li>{@code cc}: correlation congruence, Peng et al. ICCV 2019, 128-d embedding
 *       ({@link kdlab.engine.objective.CorrelationCongruenceTerm});</li>
 *   <li>{@code vid}: variational information distillation, Ahn et al. CVPR 2019, stages 2-3
 *       ({@link kdlab.engine.objective.VariationalInformationTerm});</li>
 *   <li>{@code rkd}: relational KD, Park et al. CVPR 2019, distance 25 and angle 50
 *       ({@link kdlab.engine.objective.RelationalTerm});</li>
 *   <li>{@code pkt}: probabilistic knowledge transfer, Passalis and Tefas ECCV 2018
 *       ({@link kdlab.engine.objective.ProbabilisticTransferTerm});</li>
 *   <li>{@code ab}: activation boundaries, Heo et al. AAAI 2019, the three pre-activation maps
 *       ({@link kdlab.engine.objective.ActivationBoundaryTerm});</li>
 *   <li>{@code ft}, {@code ft_init}: factor transfer, Kim et al. NeurIPS 2018, stage3: the main training's loss
 *       (translator against the paraphrased teacher factor) and the initialisation phase's (the paraphraser's
 *       reconstruction) ({@link kdlab.engine.objective.FactorTransferTerm});</li>
 *   <li>{@code fsp}: flow of solution procedure, Yim et al. CVPR 2017, stem and stages 1-3
 *       ({@link kdlab.engine.objective.FlowOfSolutionTerm});</li>
 *   <li>{@code nst}: neuron selectivity transfer, Huang and Wang 2017, stages 1-3
 *       ({@link kdlab.engine.objective.NeuronSelectivityTerm});</li>
 *   <li>{@code crd}, {@code crd_k16384}: contrastive representation distillation, Tian et al. ICLR 2020, stage3,
 *       with the zoo's 512 negatives and with RepDistiller's 16,384 ({@code configs/zoo-cnn/crd.yaml})
 *       ({@link kdlab.engine.objective.CrdTerm});</li>
 *   <li>{@code dkd}: decoupled KD, Zhao et al. CVPR 2022, alpha 1, beta 8, T = 4
 *       ({@link kdlab.engine.objective.DecoupledKdTerm});</li>
 *   <li>{@code ls_ce}: label-smoothing cross-entropy, Szegedy et al. CVPR 2016, epsilon 0.1
 *       ({@link kdlab.engine.objective.LabelSmoothingTerm});</li>
 *   <li>{@code feature_match}: Hong et al. CVPR 2021's feature loss, stages 1-3; not a zoo method, kdlab's own
 *       term, timed on the same pair for comparison ({@link kdlab.engine.objective.FeatureMatchTerm}).</li>
 * </ul>
 * Terms the zoo weights 0 in the main training (AB, FSP) are still timed with their backward: their
 * initialisation phase backpropagates them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LossTermBenchmark {
    /**
     * The zoo's settings per benchmarked term, from {@code studies/zoo.yaml} without the weights and schedules
     * (which scale a term's value outside it). Keys are objective names; a {@code type} marks variants.
     */
    private static final Map<String, String> SPECS = new LinkedHashMap<>();

    static {
        SPECS.put("ce", "{}");
        SPECS.put("kd", "{\"temperature\": 4}");
        SPECS.put("fitnets", "{\"student_tap\": \"stage2\", \"teacher_tap\": \"stage2\", \"connector\": \"conv\"}");
        SPECS.put("at", "{\"taps\": [\"stage1\", \"stage2\", \"stage3\"]}");
        SPECS.put("sp", "{\"taps\": [\"stage2\", \"stage3\"]}");
        SPECS.put("cc", "{\"embed_dim\": 128, \"gamma\": 0.4, \"order\": 2}");
        SPECS.put("vid", "{\"taps\": [\"stage2\", \"stage3\"]}");
        SPECS.put("rkd", "{\"distance_weight\": 25, \"angle_weight\": 50}");
        SPECS.put("pkt", "{}");
        SPECS.put("ab", "{\"taps\": [\"stage1_pre\", \"stage2_pre\", \"stage3_pre\"]}");
        SPECS.put("ft", "{\"student_tap\": \"stage3\", \"teacher_tap\": \"stage3\"}");
        SPECS.put("ft_init", "{\"type\": \"ft\", \"student_tap\": \"stage3\", \"teacher_tap\": \"stage3\"}");
        SPECS.put("fsp", "{\"taps\": [\"stem\", \"stage1\", \"stage2\", \"stage3\"]}");
        SPECS.put("nst", "{\"taps\": [\"stage1\", \"stage2\", \"stage3\"]}");
        SPECS.put("crd", "{\"tap\": \"stage3\", \"teacher_tap\": \"stage3\", \"feat_dim\": 128, \"nce_k\": 512}");
        SPECS.put("crd_k16384", "{\"type\": \"crd\", \"tap\": \"stage3\", \"teacher_tap\": \"stage3\", \"feat_dim\": 128, \"nce_k\": 16384}");
        SPECS.put("dkd", "{\"alpha\": 1, \"beta\": 8, \"temperature\": 4}");
        SPECS.put("ls_ce", "{\"smoothing\": 0.1}");
        SPECS.put("feature_match", "{\"taps\": [\"stage1\", \"stage2\", \"stage3\"]}");
    }

    /**
     * Training examples CRD's memory holds a row for: CIFAR-100's 50,000 less the zoo's 5,000 held out. Kept for
     * {@code fashion} too: the memory's size changes which rows a step touches, not how many.
     */
    private static final int TRAIN_EXAMPLES = 45_000;

    /** The objective name of the term (see the class comment), or {@code none} for the harness alone. */
    @Param({"none", "ce", "kd", "fitnets", "at", "sp", "cc", "vid", "rkd", "pkt", "ab", "ft", "ft_init", "fsp", "nst", "crd", "crd_k16384",
            "dkd", "ls_ce", "feature_match"})
    public String term;

    /**
     * The inputs: {@code cifar100} ([3, 32, 32], 100 classes) or {@code fashion} (Fashion-MNIST's [1, 28, 28]
     * padded to 32×32 as the CNNs take it, 10 classes).
     */
    @Param({"cifar100"})
    public String data;

    /** Examples per step (the zoo's batch size). */
    @Param({"64"})
    public int batchSize;

    /** The --device flag. */
    @Param({"cpu"})
    public String device;

    private NDManager manager;
    private LossTerm built;
    private StepProgress progress;
    private TappedBlock replayStudent;
    private FrozenModel replayTeacher;
    private ParameterStore store;
    private NDArray targets;
    private NDArray indices;

    /**
     * Builds both networks, runs them once on a random batch, keeps their features and builds the term.
     *
     * @throws JsonProcessingException never for the specs above
     */
    @Setup(Level.Trial)
    public void setUp() throws JsonProcessingException {
        manager = BenchmarkDevice.open(device);
        ModelSpec studentSpec = ModelSpec.parse("resnet8");
        ModelSpec teacherSpec = ModelSpec.parse("resnet20");
        Shape example;
        int classes;
        switch (data) {
            case "cifar100" -> {
                example = new Shape(3, 32, 32);
                classes = 100;
            }
            case "fashion" -> {
                example = new Shape(1, 28, 28);
                classes = 10;
            }
            default -> throw new IllegalArgumentException("data: expected cifar100 or fashion, found '" + data + "'");
        }
        Shape input = studentSpec.inputShape(example);
        TappedBlock student = studentSpec.build(classes, true);
        student.initialize(manager, DataType.FLOAT32, input);
        TappedBlock teacher = teacherSpec.build(classes, true);
        teacher.initialize(manager, DataType.FLOAT32, input);

        NDArray x = manager.randomUniform(0, 1, new Shape(batchSize).addAll(input.slice(1)));
        targets = manager.randomInteger(0, classes, new Shape(batchSize), DataType.INT64);
        // Distinct rows of the split, as a shuffled epoch gives: CRD reads and writes its memory at these.
        indices = manager.randomPermutation(TRAIN_EXAMPLES).get(new NDIndex("0:" + batchSize)).toType(DataType.INT64, false);
        NDArray trainLabels = manager.randomInteger(0, classes, new Shape(TRAIN_EXAMPLES), DataType.INT64);

        // The student runs in training mode, as in a step, so its batch-norm features are a step's.
        Features s = student.forwardFeatures(new ParameterStore(manager, false), x, true);
        Features t = new FrozenModel(teacher, manager).forward(x);
        replayStudent = Replay.of(s, true, manager, input);
        replayTeacher = new FrozenModel(Replay.of(t, false, manager, input), manager);
        store = new ParameterStore(manager, false);

        if (!"none".equals(term)) {
            String json = SPECS.get(term);
            if (json == null) {
                throw new IllegalArgumentException("no spec for term '" + term + "'; known: " + SPECS.keySet());
            }
            ObjectiveSetting objective = Experiments.JSON.readValue("{\"" + term + "\": " + json + "}", ObjectiveSetting.class);
            TermSetting setting = objective.terms().get(0);
            TermContext context = new TermContext(term, student, teacher, input, true, false, manager, 0L, k -> k, TRAIN_EXAMPLES,
                    trainLabels);
            built = setting.spec().build(context);
        }
        progress = new StepProgress(0, 0, 1, 1, "ft_init".equals(term) ? "init" : StepProgress.MAIN);
    }

    /** Frees the device memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * @return the term's value (the first student output for {@code none}), read after the backward so that
     *     the queued work is complete
     */
    @Benchmark
    public float forwardBackward() {
        try (NDManager step = manager.newSubManager()) {
            // The replayed features and the term's temporaries follow the batch's arrays into this manager.
            NDArray placeholder = step.zeros(new Shape(1));
            NDArray y = targets.duplicate();
            y.attach(step);
            NDArray idx = indices.duplicate();
            idx.attach(step);
            Batch batch = new Batch(step, placeholder, placeholder, y, idx);
            StepView view = new StepView(batch, replayStudent, store, replayTeacher, true, progress);
            if (built == null) {
                view.features(View.FROZEN_CLEAN);
                return view.features(View.TRAINED_CLEAN).output().getFloat(0, 0);
            }
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = built.compute(view);
                collector.backward(loss);
            }
            built.afterStep(view);
            return loss.getFloat();
        }
    }

    /**
     * A block that ignores its input and returns a kept array, so that a {@link TappedBlock} of these gives a
     * term the features of a forward pass already run. The array handed out is a fresh alias of the kept one,
     * attached to the manager of the step's input (freed with the step) and, for the student, a new gradient
     * leaf: its gradient is the term's, not accumulated across invocations.
     */
    static final class Replay extends AbstractBlock {
        private final NDArray kept;
        private final boolean leaf;

        private Replay(NDArray kept, boolean leaf) {
            this.kept = kept;
            this.leaf = leaf;
        }

        /**
         * @param f the features to replay
         * @param leaf whether each replayed array requires a gradient (the student's)
         * @param manager owns the kept copies
         * @param input the one-example input shape, for initialisation
         * @return a tapped block with the same taps as the model that produced {@code f}
         */
        static TappedBlock of(Features f, boolean leaf, NDManager manager, Shape input) {
            TappedBlock.Builder b = TappedBlock.builder();
            for (String tap : f.tapNames()) {
                b.add(new Replay(keep(f.tap(tap), manager), leaf)).addTap(tap);
            }
            TappedBlock block = b.add(new Replay(keep(f.output(), manager), leaf)).build();
            block.initialize(manager, DataType.FLOAT32, input);
            return block;
        }

        private static NDArray keep(NDArray a, NDManager manager) {
            NDArray copy = a.stopGradient().duplicate();
            copy.attach(manager);
            return copy;
        }

        @Override
        protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray alias = kept.stopGradient();
            alias.attach(inputs.head().getManager());
            if (leaf) {
                alias.setRequiresGradient(true);
            }
            return new NDList(alias);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {new Shape(1).addAll(kept.getShape().slice(1))};
        }
    }

    /**
     * Runs JMH (for an IDE; the command line uses {@code org.openjdk.jmh.Main}).
     *
     * @param args JMH arguments
     * @throws Exception what JMH throws
     */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
