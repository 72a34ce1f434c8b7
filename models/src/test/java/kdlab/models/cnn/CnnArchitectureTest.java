package kdlab.models.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.models.tap.Features;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Parameter counts and tap shapes of every network of the zoo. */
class CnnArchitectureTest {

    /**
     * Trainable parameters for 100 classes, as the distillation benchmarks report them (batch-norm
     * running statistics excluded).
     */
    @ParameterizedTest
    @CsvSource({
        "resnet8, 83892",
        "resnet14, 181108",
        "resnet20, 278324",
        "resnet32, 472756",
        "resnet44, 667188",
        "resnet56, 861620",
        "resnet110, 1736564",
        "resnet8x4, 1233540",
        "resnet32x4, 7433860",
        "wrn_16_1, 180916",
        "wrn_16_2, 703284",
        "wrn_40_1, 569780",
        "wrn_40_2, 2255156",
        "vgg8, 3965028",
        "vgg11, 9277284",
        "vgg13, 9462180",
        "MobileNetV2, 812836",
        "ShuffleV1, 949258",
        "ShuffleV2, 1355528",
    })
    void trainableParameterCountFor100Classes(String name, long expected) {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = CnnZoo.build(name, 100);
            assertEquals(
                    expected,
                    ParameterCounts.trainable(net, manager, ParameterCounts.CIFAR_INPUT),
                    name);
        }
    }

    @Test
    void countingAnUninitialisedBlockFails() {
        assertThrows(
                IllegalStateException.class,
                () -> ParameterCounts.trainable(CnnZoo.build("resnet8", 10)));
    }

    private static Map<String, long[]> taps(Object... nameAndShape) {
        Map<String, long[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndShape.length; i += 2) {
            map.put((String) nameAndShape[i], (long[]) nameAndShape[i + 1]);
        }
        return map;
    }

    private static long[] s(long... dims) {
        return dims;
    }

    private static Map<String, long[]> resnet(long w0, long w1, long w2, long w3) {
        return taps(
                "stem", s(w0, 32, 32),
                "stage1_pre", s(w1, 32, 32), "stage1", s(w1, 32, 32),
                "stage2_pre", s(w2, 16, 16), "stage2", s(w2, 16, 16),
                "stage3_pre", s(w3, 8, 8), "stage3", s(w3, 8, 8),
                "pool", s(w3));
    }

    private static Map<String, long[]> wrn(long k) {
        return taps(
                "stem", s(16, 32, 32),
                "stage1", s(16 * k, 32, 32),
                "stage2", s(32 * k, 16, 16),
                "stage3", s(64 * k, 8, 8),
                "head_pre", s(64 * k, 8, 8), "head", s(64 * k, 8, 8),
                "pool", s(64 * k));
    }

    private static Map<String, long[]> vgg() {
        return taps(
                "stem", s(64, 32, 32),
                "stage1_pre", s(128, 16, 16), "stage1", s(128, 16, 16),
                "stage2_pre", s(256, 8, 8), "stage2", s(256, 8, 8),
                "stage3_pre", s(512, 4, 4), "stage3", s(512, 4, 4),
                "stage4_pre", s(512, 4, 4), "stage4", s(512, 4, 4),
                "pool", s(512));
    }

    /** The documented tap shapes (without the batch axis) for a 32×32 RGB input. */
    static List<Object[]> documentedShapes() {
        List<Object[]> cases = new ArrayList<>();
        for (String depth : new String[] {"8", "14", "20", "32", "44", "56", "110"}) {
            cases.add(new Object[] {"resnet" + depth, resnet(16, 16, 32, 64)});
        }
        cases.add(new Object[] {"resnet8x4", resnet(32, 64, 128, 256)});
        cases.add(new Object[] {"resnet32x4", resnet(32, 64, 128, 256)});
        cases.add(new Object[] {"wrn_16_1", wrn(1)});
        cases.add(new Object[] {"wrn_16_2", wrn(2)});
        cases.add(new Object[] {"wrn_40_1", wrn(1)});
        cases.add(new Object[] {"wrn_40_2", wrn(2)});
        cases.add(new Object[] {"vgg8", vgg()});
        cases.add(new Object[] {"vgg11", vgg()});
        cases.add(new Object[] {"vgg13", vgg()});
        cases.add(
                new Object[] {
                    "MobileNetV2",
                    taps(
                            "stem", s(16, 16, 16),
                            "stage1", s(12, 16, 16),
                            "stage2", s(16, 8, 8),
                            "stage3", s(48, 4, 4),
                            "stage4", s(160, 2, 2),
                            "head_pre", s(1280, 2, 2), "head", s(1280, 2, 2),
                            "pool", s(1280))
                });
        cases.add(
                new Object[] {
                    "ShuffleV1",
                    taps(
                            "stem", s(24, 32, 32),
                            "stage1_pre", s(240, 16, 16), "stage1", s(240, 16, 16),
                            "stage2_pre", s(480, 8, 8), "stage2", s(480, 8, 8),
                            "stage3_pre", s(960, 4, 4), "stage3", s(960, 4, 4),
                            "pool", s(960))
                });
        cases.add(
                new Object[] {
                    "ShuffleV2",
                    taps(
                            "stem", s(24, 32, 32),
                            "stage1_pre", s(116, 16, 16), "stage1", s(116, 16, 16),
                            "stage2_pre", s(232, 8, 8), "stage2", s(232, 8, 8),
                            "stage3_pre", s(464, 4, 4), "stage3", s(464, 4, 4),
                            "head_pre", s(1024, 4, 4), "head", s(1024, 4, 4),
                            "pool", s(1024))
                });
        return cases;
    }

    @Test
    void everyNetworkHasDocumentedShapes() {
        assertEquals(
                CnnZooTest.EXPECTED_NAMES,
                documentedShapes().stream().map(c -> (String) c[0]).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedShapes")
    void tapShapesAndOutputShapeForABatchOfTwo(String name, Map<String, long[]> expected) {
        int classes = 7;
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = CnnZoo.build(name, classes);
            net.initialize(manager, DataType.FLOAT32, ParameterCounts.CIFAR_INPUT);
            NDList result =
                    net.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.randomNormal(new Shape(2, 3, 32, 32))),
                            false);
            Features features = Features.from(result, net.tapNames());
            assertEquals(new Shape(2, classes), features.output().getShape(), name);
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(features.tapNames()), name);
            Shape[] declared = net.getOutputShapes(new Shape[] {new Shape(2, 3, 32, 32)});
            assertEquals(new Shape(2, classes), declared[0], name);
            int i = 1;
            for (Map.Entry<String, long[]> tap : expected.entrySet()) {
                long[] dims = new long[tap.getValue().length + 1];
                dims[0] = 2;
                System.arraycopy(tap.getValue(), 0, dims, 1, tap.getValue().length);
                Shape shape = new Shape(dims);
                NDArray feature = features.tap(tap.getKey());
                assertEquals(shape, feature.getShape(), name + " " + tap.getKey());
                assertEquals(shape, declared[i++], name + " " + tap.getKey() + " (declared)");
            }
        }
    }

    /** Grayscale input: the first convolution takes the channels it is initialised with. */
    @ParameterizedTest
    @CsvSource({"resnet8", "wrn_16_1", "vgg8", "MobileNetV2", "ShuffleV1", "ShuffleV2"})
    void acceptsOneChannelInput(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            TappedBlock net = CnnZoo.build(name, 10);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
            NDList result =
                    net.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.randomNormal(new Shape(2, 1, 32, 32))),
                            true);
            assertEquals(new Shape(2, 10), result.get(0).getShape());
        }
    }
}
