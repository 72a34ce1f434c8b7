package kdlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSpecTest {

    @Test
    void parsesWidthsAndDefaultActivation() {
        ModelSpec spec = ModelSpec.parse("mlp:512,256");
        assertEquals(new MlpSpec(List.of(512, 256), Activation.RELU), spec);
        assertEquals(List.of("hidden1", "hidden2"), spec.tapNames());
    }

    @Test
    void parsesActivationIgnoringCaseAndBlanks() {
        assertEquals(
                new MlpSpec(List.of(64), Activation.IDENTITY),
                ModelSpec.parse(" MLP : 64 : Identity "));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "mlp:512,256 | mlp:512,256:relu",
                "mlp:64:identity | mlp:64:identity",
                "Mlp:8,4,2:TANH | mlp:8,4,2:tanh",
            })
    void canonicalRoundTrips(String text, String canonical) {
        ModelSpec spec = ModelSpec.parse(text);
        assertEquals(canonical, spec.canonical());
        assertEquals(spec, ModelSpec.parse(spec.canonical()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "cnn:3 | model spec 'cnn:3' family: expected one of [mlp, ntk] with widths, or a network written alone, one of "
                        + "[resnet8, resnet14, resnet20, resnet32, resnet44, resnet56, resnet110, resnet8x4, resnet32x4, wrn_16_1, "
                        + "wrn_16_2, wrn_40_1, wrn_40_2, vgg8, vgg11, vgg13, MobileNetV2, ShuffleV1, ShuffleV2], found 'cnn'",
                "mlp:5x | model spec 'mlp:5x' width 1: expected a positive integer, found '5x'",
                "mlp:64,0 | model spec 'mlp:64,0' width 2: expected a positive integer, found 0",
                "mlp:64,-3 | model spec 'mlp:64,-3' width 2: expected a positive integer, found -3",
                "mlp:64,,8 | model spec 'mlp:64,,8' width 2: expected a positive integer, found ''",
                "mlp:64:sigmoid | model spec 'mlp:64:sigmoid' activation: expected one of"
                        + " [relu, tanh, identity], found 'sigmoid'",
                "mlp:64: | model spec 'mlp:64:' activation: expected one of"
                        + " [relu, tanh, identity], found ''",
                "mlp | model spec: expected FAMILY:W1[,W2...][:ACTIVATION], e.g. mlp:512,256:relu,"
                        + " found 'mlp'",
                "mlp:1:relu:x | model spec: expected FAMILY:W1[,W2...][:ACTIVATION],"
                        + " e.g. mlp:512,256:relu, found 'mlp:1:relu:x'",
            })
    void parseErrorsSayFieldExpectedAndFound(String text, String message) {
        ModelSpecException e = assertThrows(ModelSpecException.class, () -> ModelSpec.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void blankSpecIsRejected() {
        ModelSpecException e = assertThrows(ModelSpecException.class, () -> ModelSpec.parse(" "));
        assertEquals(
                "model spec: expected FAMILY:W1[,W2...][:ACTIVATION], e.g. mlp:512,256:relu,"
                        + " found ' '",
                e.getMessage());
        assertThrows(ModelSpecException.class, () -> ModelSpec.parse(null));
    }

    @Test
    void constructorValidates() {
        assertEquals(
                "model width 1: expected a positive integer, found 0",
                assertThrows(ModelSpecException.class, () -> new MlpSpec(List.of(0), Activation.RELU))
                        .getMessage());
        assertThrows(
                ModelSpecException.class, () -> new MlpSpec(List.of(), Activation.RELU));
        assertThrows(ModelSpecException.class, () -> new MlpSpec(List.of(4), null));
    }

    @Test
    void widthsAreCopied() {
        List<Integer> widths = new java.util.ArrayList<>(List.of(4, 2));
        MlpSpec spec = new MlpSpec(widths, Activation.TANH);
        widths.set(0, 99);
        assertEquals(List.of(4, 2), spec.widths());
        assertThrows(UnsupportedOperationException.class, () -> spec.widths().add(1));
    }

    @Test
    void buildsMlpWithTheSpecsTaps() {
        ModelSpec spec = ModelSpec.parse("mlp:16,8,4:tanh");
        assertEquals(spec.tapNames(), spec.build(3, true).tapNames());
        assertEquals(
                "mlp output size: expected a positive integer, found 0",
                assertThrows(ModelSpecException.class, () -> spec.build(0, true)).getMessage());
    }

    @Test
    void activationParsesIgnoringCaseAndListsKnownOnError() {
        assertEquals(Activation.TANH, Activation.parse("TanH"));
        assertEquals(Activation.IDENTITY, Activation.parse(" identity "));
        assertEquals(
                "activation: expected one of [relu, tanh, identity], found 'gelu'",
                assertThrows(ModelSpecException.class, () -> Activation.parse("gelu"))
                        .getMessage());
        assertEquals(
                "activation: expected one of [relu, tanh, identity], found nothing",
                assertThrows(ModelSpecException.class, () -> Activation.parse(null))
                        .getMessage());
    }
}
