package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kdlab.engine.run.Json;
import org.junit.jupiter.api.Test;

/**
 * SoTeacher's Lipschitz penalty (PAPERS.md §3.3): against PyTorch on a conv + batch norm + linear network
 * (value and the gradients of the conv kernel, the batch-norm gains and the linear weight, 1e-5 relative), and
 * on a hand-built DJL network, where the walk over its layers must find exactly the three and sum their bounds.
 */
class LipschitzPenaltyTest {
    private static final double RELATIVE = 1e-5;

    private static JsonNode fixture() throws IOException {
        Path f = Path.of("src/test/resources/fixtures/terms/lipschitz_conv_bn_linear.json");
        assertTrue(f.toFile().isFile(), "missing fixture " + f.toAbsolutePath() + ": run engine/src/test/python/lipschitz_reference.py");
        return Json.MAPPER.readTree(f.toFile());
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add(n.asDouble());
        }
    }

    private static Shape shape(JsonNode n) {
        List<Long> dims = new ArrayList<>();
        while (n.isArray()) {
            dims.add((long) n.size());
            n = n.get(0);
        }
        return new Shape(dims);
    }

    private static NDArray array(NDManager m, JsonNode n) {
        List<Double> v = new ArrayList<>();
        flatten(n, v);
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i).floatValue();
        }
        return m.create(f, shape(n));
    }

    private static void close(JsonNode expected, NDArray actual, String what) {
        List<Double> e = new ArrayList<>();
        flatten(expected, e);
        float[] a = actual.toFloatArray();
        assertEquals(e.size(), a.length, what);
        double peak = e.stream().mapToDouble(Math::abs).max().orElse(0);
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(Math.abs(e.get(i)), 1e-3 * peak);
            assertTrue(Math.abs(a[i] - e.get(i)) <= RELATIVE * scale, what + "[" + i + "]: PyTorch " + e.get(i) + ", kdlab " + a[i]);
        }
    }

    @Test
    void valueAndGradientsAgreeWithPyTorch() throws IOException {
        JsonNode f = fixture();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray conv = array(m, f.get("conv_weight"));
            NDArray gamma = array(m, f.get("bn_gamma"));
            NDArray runningVar = array(m, f.get("bn_running_var"));
            NDArray linear = array(m, f.get("linear_weight"));
            for (NDArray a : List.of(conv, gamma, linear)) {
                a.setRequiresGradient(true);
            }
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray value = LipschitzPenaltyTerm.convolutionBound(conv)
                        .add(LipschitzPenaltyTerm.batchNormBound(gamma, runningVar, f.get("epsilon").asDouble()))
                        .add(LipschitzPenaltyTerm.linearBound(linear));
                close(f.get("value"), value, "value");
                c.backward(value);
            }
            close(f.get("grad_conv_weight"), conv.getGradient(), "grad conv");
            close(f.get("grad_bn_gamma"), gamma.getGradient(), "grad gamma");
            close(f.get("grad_linear_weight"), linear.getGradient(), "grad linear");
        }
    }

    /** The model's manager lives as long as the run: a step's penalty leaves nothing on it (a |W| per conv did). */
    @Test
    void stepsLeaveNothingOnTheModelsManager() {
        try (NDManager m = NDManager.newBaseManager(); NDManager models = m.newSubManager()) {
            kdlab.models.tap.TappedBlock model = kdlab.models.ModelSpec.parse("resnet8").build(3, true);
            model.initialize(models, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, 32, 32));
            LipschitzPenaltyTerm term = new LipschitzPenaltyTerm(1e-5);
            int before = models.getManagedArrays().size();
            float first = 0;
            for (int step = 0; step < 3; step++) {
                try (NDManager b = m.newSubManager()) {
                    NDArray x = b.zeros(new Shape(2, 3, 32, 32));
                    kdlab.datasets.Batch batch = new kdlab.datasets.Batch(b, x, x, b.create(new long[] {0, 1}), b.create(new long[] {0, 1}));
                    StepView view = new StepView(batch, model, new ai.djl.training.ParameterStore(b, false), null, true);
                    float value = term.compute(view).getFloat();
                    first = step == 0 ? value : first;
                    assertEquals(first, value, "the same parameters give the same penalty");
                }
            }
            assertEquals(before, models.getManagedArrays().size(), "arrays left on the model's manager by three steps");
            model.getParameters().values().forEach(p -> assertTrue(p.getArray().getManager() == models, p.getName() + " is back on its manager"));
        }
    }

    @Test
    void aHandBuiltNetworkGivesTheHandValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            SequentialBlock net = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(3).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(4).optBias(false).build());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 2, 7, 7));
            // Give the gains and variances values a fresh batch norm does not have (ones), so max and division matter.
            net.getChildren().valueAt(1).getParameters().get("gamma").getArray().muli(m.create(new float[] {0.5f, -3f, 2f}));
            net.getChildren().valueAt(1).getParameters().get("runningVar").getArray().muli(m.create(new float[] {4f, 0.25f, 9f}));
            float[] k = net.getChildren().valueAt(0).getParameters().get("weight").getArray().toFloatArray();
            float[] w = net.getChildren().valueAt(3).getParameters().get("weight").getArray().toFloatArray();
            double conv = 0;
            for (float x : k) {
                conv += Math.abs(x);
            }
            double bn = Math.max(0.5 / Math.sqrt(4 + 1e-5), Math.max(3 / Math.sqrt(0.25 + 1e-5), 2 / Math.sqrt(9 + 1e-5)));
            double lin = 0;
            for (int j = 0; j < 5; j++) {
                double col = 0;
                for (int i = 0; i < 4; i++) {
                    col += Math.abs(w[i * 5 + j]);
                }
                lin = Math.max(lin, col);
            }
            assertEquals(3, LipschitzPenaltyTerm.boundedLayers(net), "the conv, the batch norm and the linear layer; not the ReLU");
            double expected = conv + bn + lin;
            assertEquals(expected, LipschitzPenaltyTerm.penalty(net, 1e-5).getFloat(), 1e-5 * expected);
        }
    }
}
