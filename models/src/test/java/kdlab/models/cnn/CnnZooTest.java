package kdlab.models.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kdlab.models.ModelSpecException;
import org.junit.jupiter.api.Test;

class CnnZooTest {

    static final List<String> EXPECTED_NAMES =
            List.of(
                    "resnet8", "resnet14", "resnet20", "resnet32", "resnet44", "resnet56",
                    "resnet110", "resnet8x4", "resnet32x4", "wrn_16_1", "wrn_16_2", "wrn_40_1",
                    "wrn_40_2", "vgg8", "vgg11", "vgg13", "MobileNetV2", "ShuffleV1",
                    "ShuffleV2");

    @Test
    void listsEveryName() {
        assertEquals(EXPECTED_NAMES, CnnZoo.names());
        for (String name : EXPECTED_NAMES) {
            assertTrue(CnnZoo.contains(name), name);
            assertEquals(name, CnnZoo.canonicalName(name.toLowerCase(java.util.Locale.ROOT)));
            assertEquals(name, CnnZoo.canonicalName(" " + name.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void rejectsUnknownNameListingKnownNames() {
        assertFalse(CnnZoo.contains("resnet18"));
        ModelSpecException e =
                assertThrows(ModelSpecException.class, () -> CnnZoo.build("resnet18", 10));
        assertEquals(
                "cnn network: expected one of " + EXPECTED_NAMES + ", found 'resnet18'",
                e.getMessage());
        assertThrows(ModelSpecException.class, () -> CnnZoo.canonicalName(null));
    }

    @Test
    void rejectsNonPositiveClassCount() {
        assertEquals(
                "resnet number of classes: expected a positive integer, found 0",
                assertThrows(ModelSpecException.class, () -> CnnZoo.build("resnet8", 0))
                        .getMessage());
        for (String name : EXPECTED_NAMES) {
            assertThrows(ModelSpecException.class, () -> CnnZoo.build(name, -1), name);
        }
    }

    @Test
    void buildersValidate() {
        assertThrows(
                ModelSpecException.class,
                () -> ResNetCifar.builder().setDepth(10).setNumClasses(10).build());
        assertThrows(
                ModelSpecException.class,
                () ->
                        ResNetCifar.builder()
                                .setDepth(8)
                                .optWidths(16, 16)
                                .setNumClasses(10)
                                .build());
        assertThrows(
                ModelSpecException.class,
                () ->
                        WideResNet.builder()
                                .setDepth(18)
                                .setWidenFactor(1)
                                .setNumClasses(10)
                                .build());
        assertThrows(
                ModelSpecException.class,
                () -> WideResNet.builder().setDepth(16).setNumClasses(10).build());
        assertEquals(
                "vgg depth: expected one of [8, 11, 13, 16, 19], found 9",
                assertThrows(
                                ModelSpecException.class,
                                () -> Vgg.builder().setDepth(9).setNumClasses(10).build())
                        .getMessage());
        assertThrows(
                ModelSpecException.class,
                () -> MobileNetV2.builder().optWidthMultiplier(0).setNumClasses(10).build());
        assertThrows(
                ModelSpecException.class,
                () -> ShuffleNetV1.builder().optGroups(7).setNumClasses(10).build());
        assertThrows(
                ModelSpecException.class,
                () ->
                        ShuffleNetV2.builder()
                                .optWidths(117, 232, 464, 1024)
                                .setNumClasses(10)
                                .build());
    }

    @Test
    void tapNamesFollowTheConvention() {
        assertEquals(
                List.of(
                        "stem", "stage1_pre", "stage1", "stage2_pre", "stage2", "stage3_pre",
                        "stage3", "pool"),
                CnnZoo.tapNames("resnet20"));
        assertEquals(
                List.of("stem", "stage1", "stage2", "stage3", "head_pre", "head", "pool"),
                CnnZoo.tapNames("wrn_40_2"));
    }
}
