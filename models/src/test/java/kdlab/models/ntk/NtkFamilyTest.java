package kdlab.models.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import kdlab.models.ModelSpec;
import kdlab.models.ModelSpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing {@code ntk:WIDTH[:kappa=K]} into an {@link NtkSpec}. */
class NtkFamilyTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "ntk:2048 | ntk:2048:kappa=1.0 | 2048 | 1.0",
                "\" NTK : 64 : KAPPA = .5 \" | ntk:64:kappa=0.5 | 64 | 0.5",
                "ntk:3:kappa=2 | ntk:3:kappa=2.0 | 3 | 2.0",
                "ntk:10:kappa=1e-4 | ntk:10:kappa=1.0E-4 | 10 | 1e-4",
                "ntk:10:kappa=+0.25 | ntk:10:kappa=0.25 | 10 | 0.25",
            })
    void parsesAndWritesKappaOut(String text, String canonical, int width, double kappa) {
        ModelSpec spec = ModelSpec.parse(text);
        assertEquals(new NtkSpec(width, kappa), spec);
        assertEquals(canonical, spec.canonical());
        assertEquals(canonical, spec.toString());
        assertEquals(spec, ModelSpec.parse(spec.canonical()));
        assertEquals(NtkFamily.INSTANCE, spec.family());
        assertEquals(List.of("hidden"), spec.tapNames());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "ntk | model spec: expected ntk:WIDTH[:kappa=K], e.g. ntk:2048:kappa=1.0, found 'ntk'",
                "ntk:8:kappa=1:x | model spec: expected ntk:WIDTH[:kappa=K], e.g. ntk:2048:kappa=1.0,"
                        + " found 'ntk:8:kappa=1:x'",
                "ntk:0 | model spec 'ntk:0' width: expected a positive integer, found 0",
                "ntk:-5 | model spec 'ntk:-5' width: expected a positive integer, found -5",
                "ntk:wide | model spec 'ntk:wide' width: expected a positive integer, found 'wide'",
                "ntk:64,32 | model spec 'ntk:64,32' width: expected a positive integer, found '64,32'",
                "ntk: | model spec 'ntk:' width: expected a positive integer, found ''",
                "ntk:8:kappa=0 | model spec 'ntk:8:kappa=0' kappa: expected a positive finite number,"
                        + " found '0'",
                "ntk:8:kappa=-1 | model spec 'ntk:8:kappa=-1' kappa: expected a positive finite"
                        + " number, found '-1'",
                "ntk:8:kappa=abc | model spec 'ntk:8:kappa=abc' kappa: expected a positive finite"
                        + " number, found 'abc'",
                "ntk:8:kappa=NaN | model spec 'ntk:8:kappa=NaN' kappa: expected a positive finite"
                        + " number, found 'NaN'",
                "ntk:8:kappa=1e400 | model spec 'ntk:8:kappa=1e400' kappa: expected a positive finite"
                        + " number, found '1e400'",
                "ntk:8:kappa=1f | model spec 'ntk:8:kappa=1f' kappa: expected a positive finite"
                        + " number, found '1f'",
                "ntk:8:kappa= | model spec 'ntk:8:kappa=' kappa: expected a positive finite number,"
                        + " found ''",
                "ntk:8:sigma=1 | model spec 'ntk:8:sigma=1' option: expected NAME=VALUE with NAME one"
                        + " of [kappa], found 'sigma=1'",
                "ntk:8:relu | model spec 'ntk:8:relu' option: expected NAME=VALUE with NAME one of"
                        + " [kappa], found 'relu'",
                "ntk:8: | model spec 'ntk:8:' option: expected NAME=VALUE with NAME one of [kappa],"
                        + " found ''",
                "ntk:8:kappa=1,kappa=2 | model spec 'ntk:8:kappa=1,kappa=2': option 'kappa' given"
                        + " twice; write it once",
            })
    void badSpecsSayWhatIsWrongOnOneLine(String text, String message) {
        ModelSpecException e = assertThrows(ModelSpecException.class, () -> ModelSpec.parse(text));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void constructorValidates() {
        assertEquals(
                "ntk width: expected a positive integer, found 0",
                assertThrows(ModelSpecException.class, () -> new NtkSpec(0, 1)).getMessage());
        assertEquals(
                "ntk kappa: expected a positive finite number, found -1.0",
                assertThrows(ModelSpecException.class, () -> new NtkSpec(4, -1)).getMessage());
        assertEquals(
                "ntk kappa: expected a positive finite number, found Infinity",
                assertThrows(
                                ModelSpecException.class,
                                () -> new NtkSpec(4, Double.POSITIVE_INFINITY))
                        .getMessage());
        assertEquals(
                "ntk kappa: expected a positive finite number, found 1.0E-50",
                assertThrows(ModelSpecException.class, () -> new NtkSpec(4, 1e-50)).getMessage(),
                "zero in single precision, in which the weights are drawn");
    }

    @Test
    void flatInputsOfAnyShapeScaledToUnitNorm() {
        ModelSpec spec = ModelSpec.parse("ntk:16");
        assertEquals(new Shape(1, 1, 28, 28), spec.inputShape(new Shape(1, 28, 28)));
        assertEquals(new Shape(1, 6), spec.inputShape(new Shape(6)));
        assertEquals(4, spec.build(4, true).getOutputShapes(new Shape[] {new Shape(2, 6)})[0].get(1));
        assertTrue(spec.inputPreparation(new Shape(6)).isEmpty(), "the network scales its own inputs, not the dataset");
    }
}
