package kdlab.models.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import kdlab.models.ModelSpec;
import kdlab.models.ModelSpecException;
import org.junit.jupiter.api.Test;

/** {@link ModelSpec} naming the networks of {@link CnnZoo}. */
class ModelSpecNetworkTest {

    @Test
    void parsesEveryNetworkNameInAnyCase() {
        for (String name : CnnZoo.names()) {
            ModelSpec spec = ModelSpec.parse(" " + name.toLowerCase(java.util.Locale.ROOT) + " ");
            assertEquals(new CnnSpec(name), spec);
            assertEquals(CnnZooFamily.INSTANCE, spec.family());
            assertEquals(name, spec.canonical());
            assertEquals(spec, ModelSpec.parse(spec.canonical()));
        }
        assertFalse(ModelSpec.parse("mlp:4") instanceof CnnSpec);
    }

    @Test
    void buildsTheZoosNetwork() {
        ModelSpec spec = ModelSpec.parse("resnet20");
        assertEquals(CnnZoo.tapNames("resnet20"), spec.tapNames());
        assertEquals(spec.tapNames(), spec.build(10, true).tapNames());
        assertEquals(
                new CnnSpec("ShuffleV2"),
                ModelSpec.parse("shufflev2"));
    }

    @Test
    void rejectsUnknownNamesAndWidthsListingWhatIsKnown() {
        assertEquals(
                "model spec: expected FAMILY:W1[,W2...][:ACTIVATION], e.g. mlp:512,256:relu,"
                        + " or a network, one of "
                        + CnnZoo.names()
                        + ", found 'resnet7'",
                assertThrows(ModelSpecException.class, () -> ModelSpec.parse("resnet7"))
                        .getMessage());
        assertEquals(
                "model spec 'resnet8:16': network 'resnet8' takes no widths or activation;"
                        + " write 'resnet8'",
                assertThrows(ModelSpecException.class, () -> ModelSpec.parse("resnet8:16"))
                        .getMessage());
        assertEquals(
                "cnn network: expected one of " + CnnZoo.names() + ", found 'resnet7'",
                assertThrows(ModelSpecException.class, () -> new CnnSpec("resnet7"))
                        .getMessage());
    }
}
