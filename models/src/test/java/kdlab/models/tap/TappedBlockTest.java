package kdlab.models.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import kdlab.models.ModelSpecException;
import org.junit.jupiter.api.Test;

class TappedBlockTest {

    @Test
    void tapsAtTheEdgesDoNotRenameOtherArrays() {
        // Taps before the first block and after the last see arrays that are also the caller's
        // input or the output; each must still come back under its own name.
        TappedBlock net =
                TappedBlock.builder()
                        .addTap("in")
                        .add(LambdaBlock.singleton(a -> a.mul(2)))
                        .add(Blocks.identityBlock())
                        .addTap("doubled")
                        .addTap("again")
                        .build();
        assertEquals(List.of("in", "doubled", "again"), net.tapNames());
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3);
            net.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.create(new float[] {1, -2, 3, 0.5f, 0, -1}, shape);
            x.setName("x");
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);

            assertEquals("x", x.getName());
            assertEquals(4, out.size());
            assertEquals(List.of("output", "in", "doubled", "again"), namesOf(out));
            assertNotSame(x, out.get(1));
            assertNotSame(out.get(0), out.get(2));
            assertNotSame(out.get(2), out.get(3));
            assertTrue(out.get(1).contentEquals(x));
            NDArray doubled = manager.create(new float[] {2, -4, 6, 1, 0, -2}, shape);
            for (int i : new int[] {0, 2, 3}) {
                assertTrue(out.get(i).contentEquals(doubled), "element " + i);
            }
            assertArrayEquals(out.getShapes(), net.getOutputShapes(new Shape[] {shape}));
        }
    }

    @Test
    void tapOfSeveralArraysIsRefused() {
        TappedBlock net =
                TappedBlock.builder()
                        .add(new LambdaBlock(list -> new NDList(list.head(), list.head())))
                        .addTap("pair")
                        .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new Shape(2));
            ModelSpecException e =
                    assertThrows(
                            ModelSpecException.class,
                            () ->
                                    net.forward(
                                            new ParameterStore(manager, false),
                                            new NDList(x),
                                            false));
            assertEquals(
                    "tap 'pair': expected exactly one array, found 2 arrays", e.getMessage());
        }
    }

    private static List<String> namesOf(NDList list) {
        return list.stream().map(NDArray::getName).toList();
    }

    @Test
    void tapPassesInputThrough() {
        Tap tap = Tap.named("t");
        assertEquals("t", tap.getName());
        Shape[] shapes = {new Shape(3, 4)};
        assertArrayEquals(shapes, tap.getOutputShapes(shapes));
        assertTrue(tap.getParameters().isEmpty());
    }

    @Test
    void buildValidates() {
        assertEquals(
                "tapped block: expected at least one block besides taps, found 1 taps",
                assertThrows(
                                ModelSpecException.class,
                                () -> TappedBlock.builder().addTap("a").build())
                        .getMessage());
        assertEquals(
                "tapped block: expected at least one block besides taps, found 0 taps",
                assertThrows(ModelSpecException.class, () -> TappedBlock.builder().build())
                        .getMessage());
        assertEquals(
                "tap name: expected each name once, found 'a' more than once",
                assertThrows(
                                ModelSpecException.class,
                                () ->
                                        TappedBlock.builder()
                                                .addTap("a")
                                                .add(Blocks.identityBlock())
                                                .addTap("a")
                                                .build())
                        .getMessage());
        assertEquals(
                "tap name: expected a name other than 'output' (it names the output),"
                        + " found 'output'",
                assertThrows(
                                ModelSpecException.class,
                                () ->
                                        TappedBlock.builder()
                                                .add(Blocks.identityBlock())
                                                .addTap("output")
                                                .build())
                        .getMessage());
        assertEquals(
                "tap name: expected a non-blank name, found ' '",
                assertThrows(ModelSpecException.class, () -> TappedBlock.builder().addTap(" "))
                        .getMessage());
        assertEquals(
                "tap name: expected a non-blank name, found nothing",
                assertThrows(ModelSpecException.class, () -> Tap.named(null)).getMessage());
    }
}
