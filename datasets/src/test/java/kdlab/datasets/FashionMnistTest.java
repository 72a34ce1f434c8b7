package kdlab.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real Fashion-MNIST from Debian's dataset-fashion-mnist, which .ci/run installs: never skipped. */
class FashionMnistTest {
    @Test
    void loadsTheInstalledFashionMnist() {
        assertTrue(Files.isDirectory(Path.of(DataSources.DEFAULT_DIR)),
                DataSources.DEFAULT_DIR + " is missing: apt-get install dataset-fashion-mnist");
        assertTrue(DataSources.defaultAvailable());
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedData d = DataSources.parse(null).load(m);
            assertEquals(new Shape(60000, 1, 28, 28), d.train().inputs().getShape());
            assertEquals(new Shape(10000, 1, 28, 28), d.test().inputs().getShape());
            assertEquals(0f, d.train().inputs().min().getFloat(), 0f);
            assertEquals(1f, d.train().inputs().max().getFloat(), 0f);
            assertEquals(6000, d.train().targets().eq(3L).sum().getLong());
        }
    }
}
