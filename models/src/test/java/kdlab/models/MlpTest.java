package kdlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MlpTest {

    private static final Shape INPUT = new Shape(4, 2, 3);
    private static final int[] WIDTHS = {5, 3};
    private static final int OUTPUTS = 2;
    private static final double ATOL = 1e-6;

    /** Deterministic inputs of both signs, independent of any random generator. */
    private static float[] input(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (2.0 * Math.sin(0.7 * i + 0.3));
        }
        return x;
    }

    private static TappedBlock initialized(NDManager manager, Activation activation, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        TappedBlock net =
                Mlp.builder()
                        .setHiddenWidths(WIDTHS)
                        .setOutputSize(OUTPUTS)
                        .optActivation(activation)
                        .build();
        // Default biases are zero, which would let a missing or misplaced bias pass unnoticed.
        net.setInitializer(new NormalInitializer(0.5f), Parameter.Type.BIAS);
        net.initialize(manager, DataType.FLOAT32, INPUT);
        return net;
    }

    private static NDList forward(NDManager manager, Block net, NDArray x) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), false);
    }

    private static double activate(Activation activation, double z) {
        return switch (activation) {
            case RELU -> Math.max(z, 0.0);
            case TANH -> Math.tanh(z);
            case IDENTITY -> z;
        };
    }

    private static void assertClose(double[][] expected, NDArray actual, String what) {
        assertEquals(new Shape(expected.length, expected[0].length), actual.getShape(), what);
        float[] got = actual.toFloatArray();
        int k = 0;
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++, k++) {
                double diff = Math.abs(expected[r][c] - got[k]);
                assertTrue(
                        diff <= ATOL,
                        what + "[" + r + "," + c + "]: expected " + expected[r][c] + ", found "
                                + got[k]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void tapsEqualManualLayerByLayerForward(Activation activation) {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = initialized(manager, activation, 7);
            int batch = (int) INPUT.get(0);
            int features = (int) (INPUT.size() / batch);
            float[] x = input((int) INPUT.size());
            NDList out = forward(manager, net, manager.create(x, INPUT));

            List<Linear> linears =
                    net.getChildren().values().stream()
                            .filter(b -> b instanceof Linear)
                            .map(b -> (Linear) b)
                            .toList();
            assertEquals(WIDTHS.length + 1, linears.size());

            double[][] h = new double[batch][features];
            for (int r = 0; r < batch; r++) {
                for (int c = 0; c < features; c++) {
                    h[r][c] = x[r * features + c];
                }
            }
            boolean sawNegative = false;
            boolean sawLarge = false;
            for (int layer = 0; layer < linears.size(); layer++) {
                ParameterList params = linears.get(layer).getParameters();
                NDArray weight = params.get("weight").getArray();
                float[] w = weight.toFloatArray();
                float[] b = params.get("bias").getArray().toFloatArray();
                int units = (int) weight.getShape().get(0);
                int in = (int) weight.getShape().get(1);
                assertEquals(h[0].length, in);
                boolean hidden = layer < WIDTHS.length;
                double[][] next = new double[batch][units];
                for (int r = 0; r < batch; r++) {
                    for (int u = 0; u < units; u++) {
                        double z = b[u];
                        for (int i = 0; i < in; i++) {
                            z += h[r][i] * w[u * in + i];
                        }
                        sawNegative |= hidden && z < -0.1;
                        sawLarge |= hidden && Math.abs(z) > 0.5;
                        next[r][u] = hidden ? activate(activation, z) : z;
                    }
                }
                h = next;
                if (hidden) {
                    String tap = Mlp.hiddenTap(layer + 1);
                    NDArray actual = out.get(layer + 1);
                    assertEquals(tap, actual.getName());
                    assertClose(h, actual, tap);
                }
            }
            assertEquals(TappedBlock.OUTPUT_NAME, out.get(0).getName());
            assertClose(h, out.get(0), "output");
            assertEquals(WIDTHS.length + 1, out.size());
            // Without these the three activations could not be told apart by this test.
            assertTrue(sawNegative, "no clearly negative pre-activation");
            assertTrue(sawLarge, "no pre-activation where tanh differs from identity");
        }
    }

    @Test
    void outputShapesMatchForward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = initialized(manager, Activation.RELU, 3);
            NDList out = forward(manager, net, manager.create(input((int) INPUT.size()), INPUT));
            Shape[] expected = {new Shape(4, 2), new Shape(4, 5), new Shape(4, 3)};
            assertArrayEquals(expected, out.getShapes());
            assertArrayEquals(expected, net.getOutputShapes(new Shape[] {INPUT}));
        }
    }

    @Test
    void forwardFeaturesNamesTaps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = initialized(manager, Activation.TANH, 3);
            NDArray x = manager.create(input((int) INPUT.size()), INPUT);
            Features features = net.forwardFeatures(new ParameterStore(manager, false), x, false);
            assertEquals(List.of("hidden1", "hidden2"), List.copyOf(features.tapNames()));
            assertEquals(new Shape(4, 3), features.tap("hidden2").getShape());
            assertEquals(new Shape(4, 2), features.output().getShape());
        }
    }

    @Test
    void freezeParametersClearsGradientRequirement() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = initialized(manager, Activation.RELU, 5);
            List<Parameter> params = net.getParameters().values();
            assertEquals(2 * (WIDTHS.length + 1), params.size());
            assertTrue(params.stream().allMatch(Parameter::requiresGradient));
            net.freezeParameters(true);
            for (Parameter p : params) {
                assertFalse(p.requiresGradient(), p.getName());
                assertFalse(p.getArray().hasGradient(), p.getName());
            }
            net.freezeParameters(false);
            assertTrue(params.stream().allMatch(Parameter::requiresGradient));
        }
    }

    @Test
    void savedParametersReloadToIdenticalOutputs() throws IOException, MalformedModelException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(input((int) INPUT.size()), INPUT);
            TappedBlock saved = initialized(manager, Activation.TANH, 11);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream os = new DataOutputStream(bytes)) {
                saved.saveParameters(os);
            }
            TappedBlock loaded = initialized(manager, Activation.TANH, 12);
            NDList before = forward(manager, loaded, x);
            NDList expected = forward(manager, saved, x);
            assertFalse(expected.get(0).contentEquals(before.get(0)), "seeds gave equal nets");

            loaded.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDList after = forward(manager, loaded, x);
            assertEquals(expected.size(), after.size());
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(expected.get(i).contentEquals(after.get(i)), "element " + i);
            }

            // A network of another depth: the saved tap names must make the load fail.
            Engine.getInstance().setRandomSeed(13);
            TappedBlock shallow = Mlp.builder().setHiddenWidths(5).setOutputSize(OUTPUTS).build();
            shallow.initialize(manager, DataType.FLOAT32, INPUT);
            DataInputStream is = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
            MalformedModelException e =
                    assertThrows(
                            MalformedModelException.class,
                            () -> shallow.loadParameters(manager, is));
            assertEquals(
                    "TappedBlock parameters: expected taps [hidden1], found [hidden1, hidden2]",
                    e.getMessage());
        }
    }

    @Test
    void builderValidates() {
        assertEquals(
                "mlp hidden widths: expected at least one hidden layer, found none",
                assertThrows(
                                ModelSpecException.class,
                                () -> Mlp.builder().setOutputSize(2).build())
                        .getMessage());
        assertEquals(
                "mlp hidden widths: expected at least one hidden layer, found none",
                assertThrows(
                                ModelSpecException.class,
                                () -> Mlp.builder().setHiddenWidths().setOutputSize(2).build())
                        .getMessage());
        assertEquals(
                "mlp hidden width 2: expected a positive integer, found 0",
                assertThrows(
                                ModelSpecException.class,
                                () -> Mlp.builder().setHiddenWidths(4, 0).setOutputSize(2).build())
                        .getMessage());
        assertEquals(
                "mlp output size: expected a positive integer, found -1",
                assertThrows(
                                ModelSpecException.class,
                                () -> Mlp.builder().setHiddenWidths(4).setOutputSize(-1).build())
                        .getMessage());
        assertEquals(
                "mlp activation: expected one of [relu, tanh, identity], found nothing",
                assertThrows(
                                ModelSpecException.class,
                                () ->
                                        Mlp.builder()
                                                .setHiddenWidths(4)
                                                .setOutputSize(2)
                                                .optActivation(null)
                                                .build())
                        .getMessage());
        assertEquals(
                "mlp hidden layer index: expected at least 1, found 0",
                assertThrows(ModelSpecException.class, () -> Mlp.hiddenTap(0)).getMessage());
    }

    @Test
    void builderCopiesWidths() {
        int[] widths = {4, 2};
        Mlp.Builder builder = Mlp.builder().setHiddenWidths(widths).setOutputSize(1);
        widths[1] = 0;
        assertEquals(List.of("hidden1", "hidden2"), builder.build().tapNames());
    }
}
