package kdlab.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.datasets.DataException;
import kdlab.datasets.LoadedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IDX round trips (raw and gzip) and every corrupt-file case, each named in the error. */
class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] pixels(int n, int seed) {
        byte[] p = new byte[n * 28 * 28];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ((i * 31 + seed * 7) % 256);
        }
        return p;
    }

    private void writeSet(String suffix, int trainN, int testN) throws IOException {
        IdxWriter.writeImages(dir.resolve("train-images-idx3-ubyte" + suffix), 28, 28, pixels(trainN, 1));
        IdxWriter.writeLabels(dir.resolve("train-labels-idx1-ubyte" + suffix), labels(trainN));
        IdxWriter.writeImages(dir.resolve("t10k-images-idx3-ubyte" + suffix), 28, 28, pixels(testN, 2));
        IdxWriter.writeLabels(dir.resolve("t10k-labels-idx1-ubyte" + suffix), labels(testN));
    }

    private static byte[] labels(int n) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i % 10);
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void roundTripIsExact(String suffix) throws IOException {
        writeSet(suffix, 5, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedData d = new IdxDataSource(dir).load(m);
            assertEquals(new Shape(5, 1, 28, 28), d.train().inputs().getShape());
            assertEquals(new Shape(3, 1, 28, 28), d.test().inputs().getShape());
            assertEquals(DataType.INT64, d.train().targets().getDataType());
            float[] got = d.train().inputs().toFloatArray();
            byte[] want = pixels(5, 1);
            for (int i = 0; i < want.length; i++) {
                assertEquals((want[i] & 0xff) / 255f, got[i], 0f, "pixel " + i);
            }
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, d.train().targets().toLongArray());
            assertArrayEquals(new long[] {0, 1, 2}, d.test().targets().toLongArray());
            assertEquals(10, d.info().outputs());
        }
    }

    private DataException loadError() {
        try (NDManager m = NDManager.newBaseManager()) {
            return assertThrows(DataException.class, () -> new IdxDataSource(dir).load(m));
        }
    }

    @Test
    void wrongMagicNumber() throws IOException {
        writeSet("", 4, 2);
        IdxWriter.write(dir.resolve("train-images-idx3-ubyte"), 0x00000801, new int[] {4, 28, 28}, pixels(4, 1));
        DataException e = loadError();
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("wrong magic number: expected 0x00000803 (images), found 0x00000801"), e.getMessage());
    }

    @Test
    void truncatedImages() throws IOException {
        writeSet("", 4, 2);
        byte[] p = pixels(4, 1);
        IdxWriter.write(dir.resolve("train-images-idx3-ubyte"), IdxFile.IMAGES_MAGIC, new int[] {4, 28, 28}, java.util.Arrays.copyOf(p, p.length - 10));
        DataException e = loadError();
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte: truncated: expected 3136 bytes of data after the header, found 3126"), e.getMessage());
    }

    @Test
    void truncatedLabelsAndHeader() throws IOException {
        writeSet("", 4, 2);
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFile.LABELS_MAGIC, new int[] {2}, new byte[] {1});
        DataException e = loadError();
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: truncated: expected 2 bytes of data after the header, found 1"), e.getMessage());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0});
        assertTrue(loadError().getMessage().contains("truncated: expected an IDX header"));
    }

    @Test
    void truncatedGzipArchive() throws IOException {
        writeSet(".gz", 4, 2);
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
        DataException e = loadError();
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz") && e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        writeSet("", 4, 2);
        IdxWriter.writeLabels(dir.resolve("train-labels-idx1-ubyte"), labels(3));
        DataException e = loadError();
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": expected 4 labels to match train-images-idx3-ubyte, found 3", e.getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        writeSet("", 4, 2);
        IdxWriter.writeLabels(dir.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2, 12, 3});
        DataException e = loadError();
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": label out of range at index 2: expected 0..9, found 12", e.getMessage());
    }

    @Test
    void unexpectedImageSize() throws IOException {
        writeSet("", 4, 2);
        IdxWriter.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFile.IMAGES_MAGIC, new int[] {2, 32, 32}, new byte[2 * 32 * 32]);
        DataException e = loadError();
        assertEquals(dir.resolve("t10k-images-idx3-ubyte") + ": unexpected image size: expected 28x28, found 32x32", e.getMessage());
    }

    @Test
    void missingFileAndDirectory() throws IOException {
        writeSet("", 4, 2);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        DataException e = loadError();
        assertTrue(e.getMessage().contains("expected the IDX file t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz, found neither"), e.getMessage());
        DataException none = assertThrows(DataException.class, () -> new IdxDataSource(dir.resolve("nope")).describe());
        assertTrue(none.getMessage().contains("nope") && none.getMessage().contains("found no such directory"), none.getMessage());
    }
}
