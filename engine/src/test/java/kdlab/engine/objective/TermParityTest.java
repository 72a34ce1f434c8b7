package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static kdlab.engine.objective.ParityFixtures.checkCase;
import static kdlab.engine.objective.ParityFixtures.floats;
import static kdlab.engine.objective.ParityFixtures.longs;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import kdlab.datasets.Batch;
import kdlab.models.ModelSpec;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import kdlab.engine.objective.ParityFixtures.Agreement;
import kdlab.engine.objective.ParityFixtures.Trained;

/**
 * The loss terms (kd, at, pi, ce, mse, feature_match, fitnets) against values and gradients (the student's, and a
 * FitNets connector's weight and bias) recorded from PyTorch's own loss functions by
 * {@code engine/src/test/python/term_reference.py}, and each term's {@code compute} against its static function
 * on the views it declares.
 */
class TermParityTest {
    private static final String DIR = "/fixtures/terms/";
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/term_reference.py";
    private static JsonNode load(String name) {
        return ParityFixtures.load(DIR, name, REGENERATE);
    }

    /**
     * The FitNets hint on the connector's output. {@code FitNetsHintTerm.hint(adapted, teacher)} (same maths) is
     * to replace this call when it exists; until then the feature-match mean squared difference is what runs.
     */
    private static NDArray fitnetsHint(NDArray adapted, NDArray teacher) {
        return FitNetsHintTerm.hint(adapted, teacher);
    }

    /** A linear connector, {@code s Wᵀ + b}: s [N, in], W [out, in], b [out]. */
    private static NDArray linear(NDArray s, NDArray w, NDArray b) {
        return s.matMul(w.transpose()).add(b);
    }

    /**
     * A 1x1 convolution (stride 1, no padding) as a matmul over channels: s [N, C, H, W], w [O, C, 1, 1], b [O]
     * give [N, O, H, W].
     */
    private static NDArray conv1x1(NDArray s, NDArray w, NDArray b) {
        Shape in = s.getShape();
        long n = in.get(0);
        long c = in.get(1);
        long h = in.get(2);
        long width = in.get(3);
        long o = w.getShape().get(0);
        NDArray rows = s.transpose(0, 2, 3, 1).reshape(n * h * width, c);
        NDArray out = linear(rows, w.reshape(o, c), b);
        return out.reshape(n, h, width, o).transpose(0, 3, 1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kd_t1", "kd_t4", "kd_t0_5", "at_two_taps", "pi_cls_a0_3", "pi_cls_a0_9", "pi_reg_a0_3", "pi_reg_a0_9",
        "ce_scale1", "ce_scale6_k10", "mse_sign_targets", "mse_real_targets", "feature_match_two_taps",
        "fitnets_linear", "fitnets_conv1x1", "dkd_t4", "dkd_t1_a0_5_b2", "sp_two_taps", "ls_ce_e0_1", "ls_ce_e0_4_scale6"})
    void valueAndStudentGradientMatchPyTorch(String name) {
        JsonNode f = load(name);
        Agreement agreement = new Agreement();
        try (NDManager m = NDManager.newBaseManager()) {
            String term = f.get("term").asText();
            switch (term) {
                case "kd" -> {
                    NDArray teacher = floats(m, f.get("teacher"));
                    double t = f.get("temperature").asDouble();
                    checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                            s -> KnowledgeDistillationTerm.kd(s, teacher, t), agreement, name);
                }
                case "at" -> {
                    double total = 0;
                    for (JsonNode tap : f.get("taps")) {
                        NDArray teacher = floats(m, tap.get("teacher"));
                        String what = name + " " + tap.get("tap").asText();
                        checkCase(m, f, tap.get("student"), tap.get("value").asDouble(), tap.get("grad_student"),
                                s -> AttentionTransferTerm.at(s, teacher), agreement, what);
                        total += tap.get("value").asDouble();
                    }
                    // The fixture's total is the sum of its taps: the reduction compute() applies over taps.
                    assertEquals(f.get("value").asDouble(), total, 1e-12 * Math.abs(total));
                }
                case "pi_classification" -> {
                    NDArray teacher = floats(m, f.get("teacher"));
                    NDArray labels = longs(m, f.get("labels"));
                    double a = f.get("alpha").asDouble();
                    checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                            s -> PrivilegedInformationTerm.classification(s, teacher, labels, a), agreement, name);
                }
                case "pi_regression" -> {
                    NDArray teacher = floats(m, f.get("teacher"));
                    NDArray targets = floats(m, f.get("targets"));
                    double a = f.get("alpha").asDouble();
                    checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                            s -> PrivilegedInformationTerm.regression(s, teacher, targets, a), agreement, name);
                }
                case "ce" -> {
                    NDArray labels = longs(m, f.get("labels"));
                    checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                            s -> CrossEntropyTerm.crossEntropy(s, labels), agreement, name);
                }
                case "mse" -> {
                    NDArray targets = floats(m, f.get("targets"));
                    checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                            s -> SquaredErrorTerm.meanSquaredError(s, targets), agreement, name);
                }
                case "feature_match" -> {
                    // All taps in one loss, summed here as compute() sums them; each tap's value is checked too.
                    List<Trained> taps = new ArrayList<>();
                    List<NDArray> teachers = new ArrayList<>();
                    double[] tapValues = new double[f.get("taps").size()];
                    int k = 0;
                    for (JsonNode tap : f.get("taps")) {
                        taps.add(new Trained("student's " + tap.get("tap").asText(), tap.get("student"), tap.get("grad_student")));
                        teachers.add(floats(m, tap.get("teacher")));
                        tapValues[k++] = tap.get("value").asDouble();
                    }
                    float[] perTap = new float[tapValues.length];
                    checkCase(m, f.get("value").asDouble(), taps, students -> {
                        NDArray sum = null;
                        for (int i = 0; i < students.size(); i++) {
                            NDArray d = FeatureMatchTerm.meanSquaredDifference(students.get(i), teachers.get(i));
                            perTap[i] = d.getFloat();
                            sum = sum == null ? d : sum.add(d);
                        }
                        return sum;
                    }, agreement, name);
                    agreement.check(tapValues, perTap, name + " per-tap values");
                }
                case "fitnets" -> {
                    NDArray teacher = floats(m, f.get("teacher"));
                    String connector = f.get("connector").asText();
                    List<Trained> trained = List.of(new Trained("student", f.get("student"), f.get("grad_student")),
                            new Trained("connector weight", f.get("weight"), f.get("grad_weight")),
                            new Trained("connector bias", f.get("bias"), f.get("grad_bias")));
                    Function<List<NDArray>, NDArray> loss = switch (connector) {
                        case "linear" -> in -> fitnetsHint(linear(in.get(0), in.get(1), in.get(2)), teacher);
                        case "conv" -> in -> fitnetsHint(conv1x1(in.get(0), in.get(1), in.get(2)), teacher);
                        default -> fail("fixture " + name + " names an unknown connector '" + connector + "'");
                    };
                    checkCase(m, f.get("value").asDouble(), trained, loss, agreement, name);
                }
                case "dkd" -> {
                    NDArray teacher = floats(m, f.get("teacher"));
                    NDArray labels = longs(m, f.get("labels"));
                    double a = f.get("alpha").asDouble();
                    double b = f.get("beta").asDouble();
                    double t = f.get("temperature").asDouble();
                    checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                            s -> DecoupledKdTerm.dkd(s, teacher, labels, a, b, t), agreement, name);
                }
                case "sp" -> {
                    double total = 0;
                    for (JsonNode tap : f.get("taps")) {
                        NDArray teacher = floats(m, tap.get("teacher"));
                        checkCase(m, f, tap.get("student"), tap.get("value").asDouble(), tap.get("grad_student"),
                                s -> SimilarityPreservingTerm.sp(s, teacher), agreement, name + " " + tap.get("tap").asText());
                        total += tap.get("value").asDouble();
                    }
                    assertEquals(f.get("value").asDouble(), total, 1e-12 * Math.abs(total));
                }
                case "ls_ce" -> {
                    NDArray labels = longs(m, f.get("labels"));
                    double e = f.get("smoothing").asDouble();
                    checkCase(m, f, f.get("student"), f.get("value").asDouble(), f.get("grad_student"),
                            s -> LabelSmoothingTerm.labelSmoothingCrossEntropy(s, labels, e), agreement, name);
                }
                default -> fail("fixture " + name + " names an unknown term '" + term + "'");
            }
        }
        // Surefire keeps this in target/surefire-reports/*-output.txt: the measured agreement, not just a pass.
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n",
                name, agreement.maxRel, agreement.maxRelToScale);
    }

    @Test
    void aMissingFixtureFailsWithTheWayToRegenerateIt() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> load("no_such_case"));
        assertTrue(e.getMessage().contains("/fixtures/terms/no_such_case.json is not on the test classpath")
                && e.getMessage().contains(REGENERATE), e.getMessage());
    }

    // ---- compute(StepView) reads the declared views ------------------------------------------------------

    private static TappedBlock network(String spec, int outputs, NDManager m, Shape input) {
        TappedBlock b = ModelSpec.parse(spec).build(outputs, true);
        b.initialize(m, DataType.FLOAT32, input);
        return b;
    }

    /** The features the term should read, computed here without a StepView: one forward pass per view. */
    private static Features run(TappedBlock trained, NDManager m, NDArray input) {
        return Features.from(trained.forward(new ParameterStore(m, false), new NDList(input), true), trained.tapNames());
    }

    private static float computeWith(LossTerm term, Batch batch, TappedBlock student, FrozenModel teacher, NDManager m) {
        return term.compute(new StepView(batch, student, new ParameterStore(m, false), teacher, true)).getFloat();
    }

    private static float[] randomFloats(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void knowledgeDistillationComputeReadsNoisyStudentAndCleanTeacher() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            Shape in = new Shape(4, 3);
            TappedBlock student = network("mlp:8", 5, m, in);
            FrozenModel teacher = new FrozenModel(network("mlp:16", 5, m, in), m);
            NDArray clean = m.create(randomFloats(12, 1), in);
            NDArray noisy = m.create(randomFloats(12, 2), in);
            Batch batch = new Batch(m.newSubManager(), clean, noisy, m.create(new long[] {0, 1, 2, 3}), null);
            KnowledgeDistillationTerm term = new KnowledgeDistillationTerm(4.0);
            assertEquals(EnumSet.of(View.TRAINED_NOISY, View.FROZEN_CLEAN), term.views());
            float expected = KnowledgeDistillationTerm.kd(run(student, m, noisy).output(), teacher.forward(clean).output(), 4.0).getFloat();
            float studentOnClean = KnowledgeDistillationTerm.kd(run(student, m, clean).output(), teacher.forward(clean).output(), 4.0).getFloat();
            assertTrue(Math.abs(expected - studentOnClean) > 1e-4 * expected, "the views must be told apart: " + expected + " vs " + studentOnClean);
            assertEquals(expected, computeWith(term, batch, student, teacher, m), 1e-6 * expected);
            KnowledgeDistillationTerm clean2 = new KnowledgeDistillationTerm(View.TRAINED_CLEAN, View.FROZEN_CLEAN, 4.0);
            assertEquals(studentOnClean, computeWith(clean2, batch, student, teacher, m), 1e-6 * studentOnClean);
        }
    }

    @Test
    void privilegedInformationComputeFollowsTheTargetsType() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(12);
            Shape in = new Shape(4, 3);
            TappedBlock student = network("mlp:8", 2, m, in);
            FrozenModel teacher = new FrozenModel(network("mlp:16", 2, m, in), m);
            NDArray clean = m.create(randomFloats(12, 3), in);
            NDArray noisy = m.create(randomFloats(12, 4), in);
            PrivilegedInformationTerm term = new PrivilegedInformationTerm(0.3);
            assertEquals(EnumSet.of(View.TRAINED_NOISY, View.FROZEN_CLEAN), term.views());
            NDArray s = run(student, m, noisy).output();
            NDArray t = teacher.forward(clean).output();

            NDArray labels = m.create(new long[] {0, 1, 1, 0});
            float cls = PrivilegedInformationTerm.classification(s, t, labels, 0.3).getFloat();
            assertEquals(cls, computeWith(term, new Batch(m.newSubManager(), clean, noisy, labels, null), student, teacher, m), 1e-6 * cls);

            NDArray targets = m.create(randomFloats(8, 5), new Shape(4, 2));
            float reg = PrivilegedInformationTerm.regression(s, t, targets, 0.3).getFloat();
            assertTrue(Math.abs(reg - cls) > 1e-3, "the two forms must give different values here: " + reg + " vs " + cls);
            assertEquals(reg, computeWith(term, new Batch(m.newSubManager(), clean, noisy, targets, null), student, teacher, m), 1e-6 * reg);
        }
    }

    @Test
    void attentionTransferComputeSumsTapsOfNetworksOfDifferentWidths() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(13);
            Shape in = new Shape(2, 3, 16, 16);
            TappedBlock student = network("resnet8", 10, m, in);
            FrozenModel teacher = new FrozenModel(network("wrn_16_2", 10, m, in), m);
            NDArray clean = m.create(randomFloats(2 * 3 * 16 * 16, 6), in);
            NDArray noisy = m.create(randomFloats(2 * 3 * 16 * 16, 7), in);
            List<String> taps = List.of("stage1", "stage2");
            AttentionTransferTerm term = new AttentionTransferTerm(taps);
            assertEquals(EnumSet.of(View.TRAINED_NOISY, View.FROZEN_CLEAN), term.views());
            Features s = run(student, m, noisy);
            Features t = teacher.forward(clean);
            assertTrue(s.tap("stage1").getShape().get(1) != t.tap("stage1").getShape().get(1), "the widths should differ");
            float expected = AttentionTransferTerm.at(s.tap("stage1"), t.tap("stage1")).getFloat()
                    + AttentionTransferTerm.at(s.tap("stage2"), t.tap("stage2")).getFloat();
            Batch batch = new Batch(m.newSubManager(), clean, noisy, m.create(new long[] {0, 1}), null);
            assertEquals(expected, computeWith(term, batch, student, teacher, m), 1e-6 * expected);
        }
    }

    @Test
    void attentionTransferNamesTheTapWhoseSpatialSizesDiffer() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(14);
            TappedBlock student = network("resnet8", 10, m, new Shape(2, 3, 16, 16));
            FrozenModel teacher = new FrozenModel(network("resnet8", 10, m, new Shape(2, 3, 16, 16)), m);
            // Both networks are fully convolutional, so a noisy input of half the size (the student's view) gives
            // the student's taps half the teacher's spatial size: a mismatch two real networks produce.
            NDArray clean = m.create(randomFloats(2 * 3 * 16 * 16, 8), new Shape(2, 3, 16, 16));
            NDArray noisy = m.create(randomFloats(2 * 3 * 8 * 8, 9), new Shape(2, 3, 8, 8));
            Batch batch = new Batch(m.newSubManager(), clean, noisy, m.create(new long[] {0, 1}), null);
            AttentionTransferTerm term = new AttentionTransferTerm(List.of("stage2"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> computeWith(term, batch, student, teacher, m));
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains("'stage2'") && e.getMessage().contains("(2, 32, 4, 4)")
                    && e.getMessage().contains("(2, 32, 8, 8)"), e.getMessage());
            assertTrue(e.getMessage().contains("spatial"), e.getMessage());
        }
    }

    @Test
    void constructorsRejectBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new KnowledgeDistillationTerm(0));
        assertThrows(IllegalArgumentException.class, () -> new KnowledgeDistillationTerm(View.FROZEN_CLEAN, View.FROZEN_CLEAN, 2));
        assertThrows(IllegalArgumentException.class, () -> new AttentionTransferTerm(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PrivilegedInformationTerm(1.5));
        assertThrows(IllegalArgumentException.class, () -> new PrivilegedInformationTerm(Double.NaN));
    }

    /**
     * An example whose student attention map is all zero (a dead ReLU stage) gets a finite gradient, as
     * torch's normalize gives; sqrt's slope at 0 made it NaN in the first version of the map.
     */
    @Test
    void attentionTransferGradientIsFiniteForAnAllZeroMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = m.zeros(new Shape(2, 3, 2, 2));
            student.setRequiresGradient(true);
            NDArray teacher = m.ones(new Shape(2, 4, 2, 2));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray loss = AttentionTransferTerm.at(student, teacher);
                assertEquals(0.25f, loss.getFloat(), 1e-6f, "a zero map against a uniform unit map: mean of (0 - 1/2)^2");
                c.backward(loss);
            }
            for (float g : student.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "gradient " + g);
            }
        }
    }
}
