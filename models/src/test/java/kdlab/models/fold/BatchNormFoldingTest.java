package kdlab.models.fold;

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
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import kdlab.models.ModelSpec;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batch-norm folding (Jacob et al., CVPR 2018, §3.2) leaves every network of the zoo computing
 * what it computed, within a stated tolerance in inference mode and bit for bit in training mode,
 * and changes no parameter.
 *
 * <p>The tolerance: for the output and every tap, the largest absolute difference between the
 * folded and the unfolded network is at most {@value #TOLERANCE} times the largest absolute value
 * of the unfolded array. The fold reorders float arithmetic (one convolution with scaled weights
 * instead of a convolution, then a subtraction, a multiplication and an addition), so the two
 * differ by rounding only. Measured on this machine (libtorch 2.5.1 CPU), with batch norms whose
 * γ, β and running statistics are far from their initial values, the largest ratio over output
 * and taps was 1.3e-6 (resnet20), 6.7e-7 (resnet8x4), 6.7e-7 (wrn_16_2), 7.1e-7 (vgg8), 1.2e-6
 * (MobileNetV2), 8.9e-7 (ShuffleV1) and 2.7e-6 (ShuffleV2); the test prints it. The bound leaves
 * room for other CPU kernels' summation orders.
 */
class BatchNormFoldingTest {

    /** The relative bound: about seven times the worst rounding measured. */
    static final double TOLERANCE = 2e-5;

    private static final Shape INPUT = new Shape(4, 3, 32, 32);

    /**
     * Folded inference matches unfolded inference within {@link #TOLERANCE}; parameters and saved
     * bytes do not move; a training-mode forward is bitwise the unfolded one and drops the fold.
     */
    @ParameterizedTest
    @CsvSource({
        // name, pairs (every batch norm but those of wrn's pre-activations and head)
        "resnet20, 21",
        "resnet8x4, 10",
        "wrn_16_2, 6",
        "vgg8, 5",
        "MobileNetV2, 53",
        "ShuffleV1, 49",
        "ShuffleV2, 56",
    })
    void foldedNetworkComputesWhatTheUnfoldedOneDoes(String name, int pairs) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TappedBlock reference = primed(name, m);
            byte[] saved = save(reference);
            TappedBlock folded = copy(name, saved, m);
            List<String> names = parameterNames(folded);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = normal(m, INPUT, 11);

            Map<String, float[]> expected = features(reference, ps, x, false);
            assertEquals(pairs, BatchNormFolding.fold(folded), name + " pairs folded");
            if (!name.startsWith("wrn")) {
                assertEquals(batchNorms(folded), pairs, name + ": every batch norm folds");
            }
            BatchNormFolding.pairs(folded).forEach(p -> assertTrue(p.isFolded()));
            Map<String, float[]> actual = features(folded, ps, x, false);
            double worst = worstRelativeDifference(expected, actual, name);
            System.out.printf("bn fold %s: %d pairs, worst |folded - unfolded| / max|unfolded| = %.2e%n", name, pairs, worst);
            assertTrue(worst <= TOLERANCE, name + ": " + worst);

            assertEquals(names, parameterNames(folded), "parameter names");
            assertArrayEquals(saved, save(folded), "saved parameters after folding");

            // Folding again is the same fold.
            assertEquals(pairs, BatchNormFolding.fold(folded));
            assertBitwiseEqual(actual, features(folded, ps, x, false), name + " folded twice");

            // Training mode: bit for bit the unfolded network, running-statistics updates included.
            NDArray batch = normal(m, INPUT, 12);
            assertBitwiseEqual(
                    features(reference, ps, batch, true),
                    features(folded, ps, batch, true),
                    name + " training forward");
            assertArrayEquals(save(reference), save(folded), "statistics after a training forward");
            BatchNormFolding.pairs(folded).forEach(p -> assertFalse(p.isFolded(), "a training forward drops the fold"));
            assertBitwiseEqual(features(reference, ps, x, false), features(folded, ps, x, false), name + " after training");
        }
    }

    @Test
    void anMlpHasNothingToFoldAndStaysAsItIs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            TappedBlock mlp = ModelSpec.parse("mlp:32,32").build(10, true);
            mlp.initialize(m, DataType.FLOAT32, new Shape(4, 3, 8, 8));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = normal(m, new Shape(4, 3, 8, 8), 5);
            byte[] saved = save(mlp);
            Map<String, float[]> before = features(mlp, ps, x, false);
            assertEquals(0, BatchNormFolding.fold(mlp));
            assertBitwiseEqual(before, features(mlp, ps, x, false), "mlp");
            assertArrayEquals(saved, save(mlp));
        }
    }

    /** A folded network saves what it saved before, and what it saves loads into the same network. */
    @Test
    void foldedNetworkSavesAndLoadsAsBefore() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TappedBlock net = primed("resnet8", m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = normal(m, INPUT, 21);
            byte[] before = save(net);
            Map<String, float[]> unfolded = features(net, ps, x, false);
            BatchNormFolding.fold(net);
            byte[] after = save(net);
            assertArrayEquals(before, after);

            TappedBlock loaded = copy("resnet8", after, m);
            assertBitwiseEqual(unfolded, features(loaded, ps, x, false), "loaded from a folded network");
            assertArrayEquals(before, save(loaded));
        }
    }

    /**
     * Loading parameters replaces their arrays; a fold computed from the old ones is dropped, and
     * folding again after the load uses the new values.
     */
    @Test
    void loadingParametersDropsAStaleFold() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            TappedBlock a = primed("resnet8", m);
            TappedBlock b = primed("resnet8", m, 99);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = normal(m, INPUT, 22);
            Map<String, float[]> ofB = features(b, ps, x, false);
            BatchNormFolding.fold(a);
            a.loadParameters(m, new DataInputStream(new ByteArrayInputStream(save(b))));
            BatchNormFolding.pairs(a).forEach(p -> assertFalse(p.isFolded()));
            assertBitwiseEqual(ofB, features(a, ps, x, false), "stale fold dropped");
            assertEquals(BatchNormFolding.pairs(a).size(), BatchNormFolding.fold(a));
            assertTrue(worstRelativeDifference(ofB, features(a, ps, x, false), "refolded") <= TOLERANCE);
            assertEquals(BatchNormFolding.pairs(a).size(), BatchNormFolding.unfold(a));
            assertBitwiseEqual(ofB, features(a, ps, x, false), "unfolded");
        }
    }

    @Test
    void foldingAnUninitialisedNetworkFails() {
        TappedBlock net = ModelSpec.parse("resnet8").build(10, true);
        assertThrows(IllegalStateException.class, () -> BatchNormFolding.fold(net));
    }

    /** VGG without batch norm has its convolutions only. */
    @Test
    void vggWithoutBatchNormHasNoPairs() {
        TappedBlock net =
                kdlab.models.cnn.Vgg.builder().setDepth(8).setNumClasses(10).optBatchNorm(false).build();
        assertEquals(0, BatchNormFolding.pairs(net).size());
        assertEquals(0, batchNorms(net));
    }

    /** The pair's batch norm cannot be removed from a sequence behind the pair's back. */
    @Test
    void sequenceRefusesToDropAPairsBatchNorm() {
        SequentialBlock s =
                new SequentialBlock()
                        .addPair(
                                new ConvBnPair(
                                        ai.djl.nn.convolutional.Conv2d.builder()
                                                .setFilters(2)
                                                .setKernelShape(new Shape(1, 1))
                                                .build(),
                                        1e-5f));
        assertThrows(IllegalStateException.class, s::removeLastBlock);
        assertThrows(IllegalStateException.class, () -> s.replaceLastBlock(new SequentialBlock()));
    }

    // ---------------------------------------------------------------------------------------

    private static TappedBlock primed(String name, NDManager m) {
        return primed(name, m, 7);
    }

    /**
     * A network whose batch norms are far from their initial state: random γ and β, then running
     * statistics moved by training-mode forwards (with the moved γ and β) on shifted, scaled
     * random inputs.
     */
    private static TappedBlock primed(String name, NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        TappedBlock net = ModelSpec.parse(name).build(10, true);
        net.initialize(m, DataType.FLOAT32, INPUT);
        Random random = new Random(seed);
        for (Parameter p : net.getParameters().values()) {
            if (p.getType() == Parameter.Type.GAMMA || p.getType() == Parameter.Type.BETA) {
                NDArray a = p.getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] =
                            p.getType() == Parameter.Type.GAMMA
                                    ? 0.5f + random.nextFloat()
                                    : 0.4f * (random.nextFloat() - 0.5f);
                }
                a.set(v);
            }
        }
        ParameterStore ps = new ParameterStore(m, false);
        for (int i = 0; i < 3; i++) {
            try (NDManager sub = m.newSubManager()) {
                NDArray x = sub.randomNormal(0.3f, 1.5f, INPUT, DataType.FLOAT32);
                net.forward(ps, new NDList(x), true);
            }
        }
        return net;
    }

    private static TappedBlock copy(String name, byte[] saved, NDManager m)
            throws IOException, MalformedModelException {
        TappedBlock net = ModelSpec.parse(name).build(10, true);
        net.initialize(m, DataType.FLOAT32, INPUT);
        net.loadParameters(m, new DataInputStream(new ByteArrayInputStream(saved)));
        return net;
    }

    private static byte[] save(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        block.saveParameters(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static List<String> parameterNames(Block block) {
        return new ArrayList<>(block.getParameters().keys());
    }

    private static int batchNorms(Block block) {
        int n = block instanceof BatchNorm ? 1 : 0;
        for (Block child : block.getChildren().values()) {
            n += batchNorms(child);
        }
        return n;
    }

    private static NDArray normal(NDManager m, Shape shape, long seed) {
        Random random = new Random(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return m.create(v, shape);
    }

    private static Map<String, float[]> features(
            TappedBlock net, ParameterStore ps, NDArray x, boolean training) {
        try (NDManager sub = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(sub);
            Features f = net.forwardFeatures(ps, input, training);
            Map<String, float[]> out = new LinkedHashMap<>();
            out.put(TappedBlock.OUTPUT_NAME, f.output().toFloatArray());
            for (String tap : f.tapNames()) {
                out.put(tap, f.tap(tap).toFloatArray());
            }
            return out;
        }
    }

    /** The largest, over output and taps, of max |actual − expected| / max |expected|. */
    private static double worstRelativeDifference(
            Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        double worst = 0;
        for (var e : expected.entrySet()) {
            float[] want = e.getValue();
            float[] got = actual.get(e.getKey());
            assertEquals(want.length, got.length, what + " " + e.getKey());
            double diff = 0;
            double scale = 0;
            for (int i = 0; i < want.length; i++) {
                diff = Math.max(diff, Math.abs((double) got[i] - want[i]));
                scale = Math.max(scale, Math.abs((double) want[i]));
            }
            assertTrue(scale > 0, what + " " + e.getKey() + " is all zeros");
            worst = Math.max(worst, diff / scale);
        }
        return worst;
    }

    private static void assertBitwiseEqual(
            Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (var e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), 0f, what + " " + e.getKey());
        }
    }
}
