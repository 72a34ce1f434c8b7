package kdlab.models.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.models.ModelSpecException;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void missingTapNamesTheKnownOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Features features =
                    Features.from(
                            new NDList(
                                    manager.ones(new Shape(1)),
                                    manager.zeros(new Shape(2)),
                                    manager.zeros(new Shape(3))),
                            List.of("hidden1", "hidden2"));
            ModelSpecException e =
                    assertThrows(ModelSpecException.class, () -> features.tap("hidden3"));
            assertEquals(
                    "tap: expected one of [hidden1, hidden2], found 'hidden3'", e.getMessage());
            assertEquals(3, features.tap("hidden2").size());
        }
    }

    @Test
    void keepsOrderAndCopiesDefensively() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray out = manager.zeros(new Shape(1));
            Map<String, NDArray> taps = new LinkedHashMap<>();
            for (String name : List.of("z", "a", "m")) {
                taps.put(name, manager.zeros(new Shape(1)));
            }
            Features features = new Features(out, taps);
            taps.remove("a");
            assertEquals(List.of("z", "a", "m"), List.copyOf(features.tapNames()));
            assertSame(out, features.output());
            assertThrows(UnsupportedOperationException.class, () -> features.taps().clear());
        }
    }

    @Test
    void fromChecksCountAndNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray out = manager.zeros(new Shape(1));
            NDArray tap = manager.zeros(new Shape(1));
            assertEquals(
                    "tapped forward output: expected 3 arrays (output and taps [a, b]),"
                            + " found 2 arrays",
                    assertThrows(
                                    ModelSpecException.class,
                                    () -> Features.from(new NDList(out, tap), List.of("a", "b")))
                            .getMessage());
            tap.setName("b");
            assertEquals(
                    "tapped forward output element 1: expected an array named 'a', found 'b'",
                    assertThrows(
                                    ModelSpecException.class,
                                    () -> Features.from(new NDList(out, tap), List.of("a")))
                            .getMessage());
        }
    }
}
