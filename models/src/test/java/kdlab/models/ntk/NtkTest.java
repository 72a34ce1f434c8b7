package kdlab.models.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import kdlab.models.ModelSpecException;
import kdlab.models.Trainability;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/** The kernel-regime network {@link Ntk}: forward pass, initialisation, fixed signs. */
class NtkTest {

    private static final double ATOL = 1e-5;

    /** Deterministic inputs of both signs, independent of any random generator. */
    private static float[] input(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (1.5 * Math.sin(0.9 * i + 0.4));
        }
        return x;
    }

    private static TappedBlock initialized(
            NDManager manager, int width, int outputs, double kappa, Shape input, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        TappedBlock net =
                Ntk.builder().setWidth(width).setOutputSize(outputs).optKappa(kappa).build();
        net.initialize(manager, DataType.FLOAT32, input);
        return net;
    }

    private static Parameter parameter(TappedBlock net, String name) {
        List<Parameter> found =
                net.getParameters().values().stream()
                        .filter(p -> p.getName().equals(name))
                        .toList();
        assertEquals(1, found.size(), "parameters named " + name);
        return found.get(0);
    }

    private static Parameter weights(TappedBlock net) {
        return parameter(net, "weight");
    }

    private static Parameter signs(TappedBlock net) {
        return parameter(net, FixedSignReadout.SIGNS);
    }

    @Test
    void forwardEqualsTheFormulaByHand() {
        int m = 3;
        int d = 2;
        int k = 2;
        int n = 5;
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = initialized(manager, m, k, 0.7, new Shape(n, d), 3);
            assertEquals(2, net.getParameters().size(), "W and a only: no biases");
            float[] w = weights(net).getArray().toFloatArray();
            float[] a = signs(net).getArray().toFloatArray();
            assertEquals(new Shape(m, d), weights(net).getArray().getShape());
            assertEquals(new Shape(m, k), signs(net).getArray().getShape());
            float[] x = input(n * d);
            // The network scales each input to unit norm itself; the formula below is that of the paper's x.
            double[] norms = new double[n];
            boolean offSphere = false;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    norms[i] += x[i * d + j] * x[i * d + j];
                }
                norms[i] = Math.sqrt(norms[i]);
                offSphere |= Math.abs(norms[i] - 1) > 0.1;
            }
            assertTrue(offSphere, "inputs off the sphere, or the scaling would go untested");
            NDList out =
                    net.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.create(x, new Shape(n, d))),
                            false);
            assertEquals(List.of(Ntk.HIDDEN_TAP), net.tapNames());
            float[] f = out.get(0).toFloatArray();
            float[] hidden = out.get(1).toFloatArray();
            assertEquals(new Shape(n, k), out.get(0).getShape());
            assertEquals(new Shape(n, m), out.get(1).getShape());
            boolean sawZero = false;
            boolean sawPositive = false;
            for (int i = 0; i < n; i++) {
                double[] relu = new double[m];
                for (int r = 0; r < m; r++) {
                    double z = 0;
                    for (int j = 0; j < d; j++) {
                        z += w[r * d + j] * x[i * d + j] / norms[i];
                    }
                    relu[r] = Math.max(0, z);
                    sawZero |= z < -0.1;
                    sawPositive |= z > 0.1;
                    assertEquals(relu[r], hidden[i * m + r], ATOL, "hidden[" + i + "," + r + "]");
                }
                for (int o = 0; o < k; o++) {
                    double sum = 0;
                    for (int r = 0; r < m; r++) {
                        sum += a[r * k + o] * relu[r];
                    }
                    double expected = sum / Math.sqrt(m);
                    assertEquals(expected, f[i * k + o], ATOL, "f[" + i + "," + o + "]");
                }
            }
            // Without both the ReLU would go untested.
            assertTrue(sawZero && sawPositive, "pre-activations of both signs");
        }
    }

    @Test
    void signsAreOnesOfBothSignsAndWeightsHaveStandardDeviationKappa() {
        double kappa = 0.5;
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = initialized(manager, 4096, 3, kappa, new Shape(1, 1, 10, 10), 1);
            float[] a = signs(net).getArray().toFloatArray();
            int plus = 0;
            for (float v : a) {
                assertTrue(v == 1f || v == -1f, "a sign, found " + v);
                plus += v > 0 ? 1 : 0;
            }
            assertEquals(0.5, plus / (double) a.length, 0.02, "share of +1");
            float[] w = weights(net).getArray().toFloatArray();
            assertEquals(4096 * 100, w.length);
            double sum = 0;
            double squares = 0;
            for (float v : w) {
                sum += v;
                squares += (double) v * v;
            }
            double mean = sum / w.length;
            double std = Math.sqrt(squares / w.length - mean * mean);
            assertEquals(0, mean, 0.005, "mean of W");
            assertEquals(kappa, std, 0.005, "std of W");
        }
    }

    @Test
    void aSeedFixesTheInitialisation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(1, 8);
            TappedBlock first = initialized(manager, 64, 2, 1, input, 5);
            TappedBlock second = initialized(manager, 64, 2, 1, input, 5);
            TappedBlock other = initialized(manager, 64, 2, 1, input, 6);
            float[] w = weights(first).getArray().toFloatArray();
            float[] a = signs(first).getArray().toFloatArray();
            assertArrayEquals(w, weights(second).getArray().toFloatArray());
            assertArrayEquals(a, signs(second).getArray().toFloatArray());
            assertFalse(
                    java.util.Arrays.equals(w, weights(other).getArray().toFloatArray()),
                    "another seed draws other weights");
            assertFalse(
                    java.util.Arrays.equals(a, signs(other).getArray().toFloatArray()),
                    "another seed draws other signs");
        }
    }

    @Test
    void onlyWeightsAreTrainedAndOnlyTheyGetGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = initialized(manager, 16, 2, 1, new Shape(4, 3), 2);
            Parameter w = weights(net);
            Parameter a = signs(net);
            assertTrue(Trainability.isTrained(w));
            assertFalse(Trainability.isTrained(a));
            assertTrue(Trainability.isFixed(a));
            assertFalse(a.getArray().hasGradient());
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out =
                        net.forward(
                                new ParameterStore(manager, false),
                                new NDList(manager.create(input(12), new Shape(4, 3))),
                                true);
                collector.backward(out.get(0).sum());
            }
            assertTrue(w.getArray().getGradient().abs().sum().getFloat() > 0, "W has a gradient");
            assertFalse(a.getArray().hasGradient(), "a has none");

            // Whatever DJL's own switches say, a stays out of training.
            net.freezeParameters(false);
            assertFalse(Trainability.isTrained(a));
            Trainability.freeze(net);
            assertFalse(Trainability.isTrained(w));
            Trainability.train(net);
            assertTrue(Trainability.isTrained(w));
            assertFalse(Trainability.isTrained(a));
            assertFalse(a.requiresGradient());
            assertFalse(a.getArray().hasGradient());
        }
    }

    @Test
    void aCheckpointReloadsTheSameNetworkWithTheSignsStillFixed()
            throws IOException, MalformedModelException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(4, 3);
            NDArray x = manager.create(input(12), input);
            TappedBlock saved = initialized(manager, 16, 2, 1, input, 8);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream os = new DataOutputStream(bytes)) {
                saved.saveParameters(os);
            }
            TappedBlock loaded = initialized(manager, 16, 2, 1, input, 9);
            assertFalse(
                    java.util.Arrays.equals(
                            signs(saved).getArray().toFloatArray(),
                            signs(loaded).getArray().toFloatArray()),
                    "the seeds draw different signs, so the load below has something to restore");
            loaded.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            Trainability.reapply(loaded);
            assertArrayEquals(
                    signs(saved).getArray().toFloatArray(), signs(loaded).getArray().toFloatArray());
            ParameterStore store = new ParameterStore(manager, false);
            assertArrayEquals(
                    saved.forward(store, new NDList(x), false).get(0).toFloatArray(),
                    loaded.forward(store, new NDList(x), false).get(0).toFloatArray());
            assertTrue(Trainability.isTrained(weights(loaded)));
            assertTrue(weights(loaded).getArray().hasGradient());
            assertFalse(Trainability.isTrained(signs(loaded)));
            assertFalse(signs(loaded).getArray().hasGradient());

            // A load after the block was unfrozen by DJL's switch: reapply still keeps a fixed.
            loaded.freezeParameters(false);
            loaded.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            Trainability.reapply(loaded);
            assertFalse(Trainability.isTrained(signs(loaded)));
            assertFalse(signs(loaded).getArray().hasGradient());
            assertTrue(weights(loaded).getArray().hasGradient());
        }
    }

    @Test
    void unitNormScalesEveryExampleAndLeavesAZeroExampleZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {3, 4, 0, 0, 1, 1, -2, 0}, new Shape(4, 2));
            NDArray y = Ntk.unitNorm(x);
            float r = (float) (1 / Math.sqrt(2));
            assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, r, r, -1, 0}, y.toFloatArray(), 1e-6f);
            assertArrayEquals(
                    new float[] {3, 4, 0, 0, 1, 1, -2, 0}, x.toFloatArray(), "input untouched");

            // Images: the norm is over every non-batch axis.
            float[] values = input(2 * 3 * 2 * 2);
            for (int i = 12; i < 24; i++) {
                values[i] = 0;
            }
            NDArray images = manager.create(values, new Shape(2, 3, 2, 2));
            NDArray unit = Ntk.unitNorm(images);
            assertEquals(images.getShape(), unit.getShape());
            float[] u = unit.toFloatArray();
            double first = 0;
            for (int i = 0; i < 12; i++) {
                first += u[i] * u[i];
                assertEquals(values[i] / u[i], values[0] / u[0], 1e-5, "one scale per example");
            }
            assertEquals(1.0, first, 1e-6);
            for (int i = 12; i < 24; i++) {
                assertEquals(0f, u[i], "zero example stays zero, not NaN");
            }
            assertEquals(new Shape(0, 5), Ntk.unitNorm(manager.zeros(new Shape(0, 5))).getShape());
        }
    }

    @Test
    void builderValidatesInBuild() {
        assertEquals(
                "ntk width: expected a positive integer, found 0",
                assertThrows(
                                ModelSpecException.class,
                                () -> Ntk.builder().setOutputSize(2).build())
                        .getMessage());
        assertEquals(
                "ntk output size: expected a positive integer, found 0",
                assertThrows(ModelSpecException.class, () -> Ntk.builder().setWidth(4).build())
                        .getMessage());
        assertEquals(
                "ntk kappa: expected a positive finite number, found NaN",
                assertThrows(
                                ModelSpecException.class,
                                () ->
                                        Ntk.builder()
                                                .setWidth(4)
                                                .setOutputSize(2)
                                                .optKappa(Double.NaN)
                                                .build())
                        .getMessage());
        assertNotNull(Ntk.builder().setWidth(4).setOutputSize(2).build());
    }
}
