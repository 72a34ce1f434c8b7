package kdlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import kdlab.models.cnn.CnnZoo;
import kdlab.models.cnn.CnnZooFamily;
import kdlab.models.ntk.NtkFamily;
import org.junit.jupiter.api.Test;

/** The registry {@link ModelFamilies} and what every family's spec says about its inputs. */
class ModelFamiliesTest {

    @Test
    void everyFamilyParsesItsOwnExample() {
        assertEquals(
                List.of(MlpFamily.INSTANCE, NtkFamily.INSTANCE, CnnZooFamily.INSTANCE),
                ModelFamilies.all());
        for (ModelFamily family : ModelFamilies.all()) {
            ModelSpec spec = ModelSpec.parse(family.example());
            assertSame(family, spec.family(), family.name());
            assertEquals(family.example(), spec.canonical(), "the example is canonical");
            assertEquals(spec, ModelSpec.parse(spec.canonical()));
            assertEquals(spec, family.parse(family.example()));
            assertEquals(spec.tapNames(), spec.build(3, true).tapNames());
            String head = family.example().split(":")[0];
            assertTrue(family.claims(" " + head.toUpperCase(Locale.ROOT) + " "), family.name());
        }
    }

    @Test
    void headsAreUniqueAndSplitIntoFamiliesWithOptionsAndNetworks() {
        Set<String> heads = new HashSet<>();
        for (ModelFamily family : ModelFamilies.all()) {
            for (String head : family.heads()) {
                assertTrue(heads.add(head.toLowerCase(Locale.ROOT)), head);
            }
        }
        assertEquals(List.of("mlp", "ntk"), ModelFamilies.familiesWithOptions());
        assertEquals(CnnZoo.names(), ModelFamilies.networks());
    }

    @Test
    void inputShapeOfEveryFamily() {
        Shape image = new Shape(1, 28, 28);
        assertEquals(new Shape(1, 1, 28, 28), ModelSpec.parse("mlp:8").inputShape(image));
        assertEquals(new Shape(1, 1, 28, 28), ModelSpec.parse("ntk:8").inputShape(image));
        assertEquals(new Shape(1, 1, 32, 32), ModelSpec.parse("resnet8").inputShape(image));
        assertEquals(new Shape(1, 6), ModelSpec.parse("mlp:8").inputShape(new Shape(6)));
        assertEquals(new Shape(1, 6), ModelSpec.parse("ntk:8").inputShape(new Shape(6)));
        assertEquals(
                new Shape(1, 3, 32, 32), ModelSpec.parse("wrn_16_2").inputShape(new Shape(3, 32, 32)));
        assertEquals(
                new Shape(1, 3, 32, 32), ModelSpec.parse("vgg8").inputShape(new Shape(3, 20, 31)));
    }

    @Test
    void inputPreparationOfEveryFamily() {
        assertFalse(ModelSpec.parse("mlp:8").inputPreparation(new Shape(1, 28, 28)).isPresent());
        assertFalse(ModelSpec.parse("ntk:8").inputPreparation(new Shape(6)).isPresent(), "ntk scales its inputs inside the network");
        assertTrue(ModelSpec.parse("resnet8").inputPreparation(new Shape(1, 28, 28)).isPresent());
        assertFalse(
                ModelSpec.parse("resnet8").inputPreparation(new Shape(3, 32, 32)).isPresent(),
                "CIFAR images are used as they are");
    }

    @Test
    void networksRefuseExamplesThatDoNotFitOnOneLine() {
        ModelSpec spec = ModelSpec.parse("resnet20");
        for (Shape bad : List.of(new Shape(6), new Shape(1, 33, 28), new Shape(28, 28))) {
            ModelInputException e =
                    assertThrows(ModelInputException.class, () -> spec.inputShape(bad));
            assertEquals(
                    "model resnet20: expected image examples [C, H, W] of at most 32x32, found"
                            + " examples of shape "
                            + bad
                            + "; use an mlp:... model for these data",
                    e.getMessage());
            assertEquals(
                    e.getMessage(),
                    assertThrows(ModelInputException.class, () -> spec.inputPreparation(bad))
                            .getMessage());
        }
        ModelInputException e =
                assertThrows(ModelInputException.class, () -> spec.inputShape(new Shape(6)));
        assertEquals(
                "--model resnet20: expected image examples [C, H, W] of at most 32x32, found"
                        + " examples of shape (6) in synthetic:x; use an mlp:... model for these"
                        + " data",
                e.message("--model resnet20", "synthetic:x"));
        assertEquals("resnet20", e.model());
        assertEquals(new Shape(6), e.found());
    }

    @Test
    void unknownHeadsListEveryFamily() {
        assertEquals(
                "model spec 'rbf:3' family: expected one of [mlp, ntk] with widths, or a network"
                        + " written alone, one of "
                        + CnnZoo.names()
                        + ", found 'rbf'",
                assertThrows(ModelSpecException.class, () -> ModelSpec.parse("rbf:3"))
                        .getMessage());
    }
}
