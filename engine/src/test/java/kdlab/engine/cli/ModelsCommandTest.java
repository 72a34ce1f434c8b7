package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** `kdlab models --classes 100` prints the parameter counts of the distillation literature's definitions. */
class ModelsCommandTest {
    @Test
    void printsEveryFamilyWithItsCount() {
        CliRunner.Outcome o = CliRunner.run("models", "--classes", "100");
        assertEquals(0, o.exitCode(), o.err());
        assertEquals(List.of(
                "resnet8 83892", "resnet14 181108", "resnet20 278324", "resnet32 472756", "resnet44 667188", "resnet56 861620",
                "resnet110 1736564", "resnet8x4 1233540", "resnet32x4 7433860", "wrn_16_1 180916", "wrn_16_2 703284",
                "wrn_40_1 569780", "wrn_40_2 2255156", "vgg8 3965028", "vgg11 9277284", "vgg13 9462180", "MobileNetV2 812836",
                "ShuffleV1 949258", "ShuffleV2 1355528"), o.out().lines().toList());
        assertEquals(2, CliRunner.run("models", "--classes", "0").exitCode());
    }
}
