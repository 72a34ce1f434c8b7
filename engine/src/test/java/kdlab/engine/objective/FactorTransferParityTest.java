package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import kdlab.datasets.Batch;
import kdlab.engine.UsageException;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ft term against PyTorch ({@code engine/src/test/python/ft_reference.py}): the initialisation phase's
 * reconstruction loss with the gradients of every paraphraser parameter, and the main loss with the gradients of
 * the student's map and every translator parameter, through the term's own blocks; the phase a step names picks
 * the loss; and the spec's errors before the first batch.
 */
class FactorTransferParityTest {
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/ft_reference.py";

    @ParameterizedTest
    @ValueSource(strings = {"ft_same_size", "ft_student_pooled"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load("/fixtures/terms/", name, REGENERATE);
        assertEquals("ft", f.get("term").asText());
        ParityFixtures.Agreement agreement = new ParityFixtures.Agreement();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = ParityFixtures.floats(m, f.get("teacher"));
            Shape t = teacher.getShape();
            Shape s = ParityFixtures.shape(f.get("student"));
            int k = FactorTransferTerm.factorChannels(t.get(1), f.get("rate").asDouble());
            Shape code = new Shape(t.get(0), k, t.get(2), t.get(3));

            // Init phase: the paraphraser reconstructs the teacher's map; no student involved.
            Block encoder = FactorTransferTerm.encoder((int) t.get(1), k);
            Block decoder = FactorTransferTerm.decoder((int) t.get(1), k);
            List<PartParity.Part> paraphraser = List.of(new PartParity.Part(encoder, t, f.at("/init/encoder")),
                    new PartParity.Part(decoder, code, f.at("/init/decoder")));
            PartParity.load(m, paraphraser);
            ParameterStore store = PartParity.store(m);
            PartParity.check(m, f.get("teacher"), null, f.at("/init/value").asDouble(), paraphraser, unused -> FactorTransferTerm.reconstruction(
                    decoder.forward(store, new NDList(encoder.forward(store, new NDList(teacher), true).singletonOrThrow()), true).singletonOrThrow(), teacher),
                    agreement, name + " init");

            // Main phase: the translator matches the (fixed) paraphrased factor; a fresh encoder with the same weights.
            Block fixedEncoder = FactorTransferTerm.encoder((int) t.get(1), k);
            Block translator = FactorTransferTerm.translator((int) s.get(1), k);
            PartParity.load(m, List.of(new PartParity.Part(fixedEncoder, t, f.at("/init/encoder"))));
            List<PartParity.Part> translated = List.of(new PartParity.Part(translator, s, f.at("/main/translator")));
            PartParity.load(m, translated);
            PartParity.check(m, f.get("student"), f.at("/main/grad_student"), f.at("/main/value").asDouble(), translated, x -> {
                NDArray target = fixedEncoder.forward(store, new NDList(teacher), true).singletonOrThrow().stopGradient();
                return FactorTransferTerm.factorTransfer(translator.forward(store, new NDList(x), true).singletonOrThrow(), target);
            }, agreement, name + " main");
        }
        System.out.printf("%s: max relative difference to PyTorch %.3g, to the checked scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }

    private static TappedBlock network(NDManager m, String spec, Shape in) {
        TappedBlock b = ModelSpec.parse(spec).build(10, true);
        b.initialize(m, DataType.FLOAT32, in);
        return b;
    }

    @Test
    void thePhaseAStepNamesPicksTheLossAndOnlyTheInitPhaseTrainsTheParaphraser() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Shape in = new Shape(2, 1, 32, 32);
            TappedBlock student = network(m, "resnet8", in);
            TappedBlock teacherNet = network(m, "resnet14", in);
            TermContext c = new TermContext("ft", student, teacherNet, new Shape(1, 1, 32, 32), true, false, m, 0, key -> key);
            FactorTransferTerm term = (FactorTransferTerm) new FactorTransferTerm.Spec("stage3", null, null, "pretrain", null, null).build(c);
            assertEquals(List.of("paraphraser_encoder", "paraphraser_decoder", "translator"), List.copyOf(term.parts().keySet()));
            FrozenModel teacher = new FrozenModel(teacherNet, m);
            NDArray x = m.randomNormal(in);
            ParameterStore store = new ParameterStore(m, false);
            Block encoder = term.parts().get("paraphraser_encoder");
            Block decoder = term.parts().get("paraphraser_decoder");
            Block translator = term.parts().get("translator");
            NDArray tmap = teacher.forward(x).tap("stage3");

            float init = compute(m, term, x, student, store, teacher, "pretrain");
            float reconstruction = FactorTransferTerm.reconstruction(decoder.forward(store, new NDList(encoder.forward(store, new NDList(tmap), true)
                    .singletonOrThrow()), true).singletonOrThrow(), tmap).getFloat();
            assertEquals(reconstruction, init, 1e-6 * reconstruction);
            double afterInit = gradientMagnitude(encoder);
            assertTrue(afterInit > 0, "the init phase trains the paraphraser");

            float main = compute(m, term, x, student, store, teacher, StepProgress.MAIN);
            NDArray smap = studentMap(student, store, x);
            float transfer = FactorTransferTerm.factorTransfer(translator.forward(store, new NDList(smap), true).singletonOrThrow(),
                    encoder.forward(store, new NDList(tmap), true).singletonOrThrow()).getFloat();
            assertEquals(transfer, main, 1e-5 * transfer);
            // Gradients accumulate across backward passes unless cleared: unchanged (or cleared) means none flowed.
            double afterMain = gradientMagnitude(encoder);
            assertTrue(afterMain == afterInit || afterMain == 0, "outside the init phase the teacher's factor is a fixed target: the paraphraser's "
                    + "gradient went from " + afterInit + " to " + afterMain);
            assertTrue(gradientMagnitude(translator) > 0, "the translator trains outside the init phase");
        }
    }

    private static NDArray studentMap(TappedBlock student, ParameterStore store, NDArray x) {
        return kdlab.models.tap.Features.from(student.forward(store, new NDList(x), true), student.tapNames()).tap("stage3");
    }

    private static float compute(NDManager m, LossTerm term, NDArray x, TappedBlock student, ParameterStore store, FrozenModel teacher, String phase) {
        Batch batch = new Batch(m.newSubManager(), x, x, m.create(new long[] {0, 1}), null);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = term.compute(new StepView(batch, student, store, teacher, true, new StepProgress(0, 0, 1, 1, phase)));
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    private static double gradientMagnitude(Block block) {
        double sum = 0;
        for (Parameter p : PartParity.trainable(block)) {
            sum += p.getArray().getGradient().abs().sum().getFloat();
        }
        return sum;
    }

    @Test
    void badSpecsAreOneLineBeforeTheFirstBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 1, 32, 32);
            TermContext c = new TermContext("ft", network(m, "resnet8", in), network(m, "resnet8", in), in, true, false, m, 0, key -> key);
            assertEquals("objective.ft.student_tap: student tap pool (1, 64) and teacher tap stage3 (1, 64, 8, 8): factor transfer needs two feature maps [C, H, W]",
                    assertThrows(UsageException.class, () -> new FactorTransferTerm.Spec("pool", "stage3", null, null, null, null).build(c)).getMessage());
            assertTrue(assertThrows(UsageException.class, () -> new FactorTransferTerm.Spec(null, null, null, null, null, null).build(c)).getMessage()
                    .startsWith("objective.ft.student_tap: required: the student's last conv map, one of stem, "));
            assertTrue(assertThrows(UsageException.class, () -> new FactorTransferTerm.Spec("stage3", "layer4", null, null, null, null).build(c)).getMessage()
                    .startsWith("objective.ft.teacher_tap: unknown tap 'layer4'; the teacher has stem, "));
            assertEquals("objective.ft.rate: expected a rate in (0, 1] that leaves the factor at least one of the teacher's 64 channels, found 0.01",
                    assertThrows(UsageException.class, () -> new FactorTransferTerm.Spec("stage3", null, 0.01, null, null, null).build(c)).getMessage());
            assertEquals("objective.ft.init_phase: expected the name of the phase that trains the paraphraser (not 'main', the main training), found 'main'",
                    assertThrows(UsageException.class, () -> new FactorTransferTerm.Spec("stage3", null, null, "main", null, null).build(c)).getMessage());
        }
    }
}
