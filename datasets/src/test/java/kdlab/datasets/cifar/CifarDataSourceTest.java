package kdlab.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import kdlab.datasets.DataException;
import kdlab.datasets.DataInfo;
import kdlab.datasets.LoadedData;
import kdlab.datasets.cifar.CifarDataSource.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CIFAR-10/100 binary round trips (files in DIR and in the archive's subdirectory) and every corrupt case. */
class CifarDataSourceTest {
    @TempDir
    Path dir;

    /** Distinct pixel bytes per (file, record, position), covering 0..255. */
    private static byte[] pixels(int file, int record) {
        byte[] p = new byte[CifarDataSource.PIXELS];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7 + record * 31 + file * 101);
        }
        return p;
    }

    private static byte[][] pixelRows(int file, int n) {
        byte[][] rows = new byte[n][];
        for (int r = 0; r < n; r++) {
            rows[r] = pixels(file, r);
        }
        return rows;
    }

    /** CIFAR-10 training batch b (1..5) holds b records with labels (b + r) % 10; the test batch 3 records. */
    private static void writeCifar10(Path base) throws IOException {
        Files.createDirectories(base);
        for (int b = 1; b <= 5; b++) {
            int[][] labels = new int[b][];
            for (int r = 0; r < b; r++) {
                labels[r] = new int[] {(b + r) % 10};
            }
            CifarWriter.write(base.resolve("data_batch_" + b + ".bin"), labels, pixelRows(b, b));
        }
        CifarWriter.write(base.resolve("test_batch.bin"), new int[][] {{9}, {0}, {4}}, pixelRows(0, 3));
    }

    /** CIFAR-100 train.bin: 4 records (coarse r * 6, fine 99 - r * 20); test.bin: 2 records. */
    private static void writeCifar100(Path base) throws IOException {
        Files.createDirectories(base);
        CifarWriter.write(base.resolve("train.bin"), new int[][] {{0, 99}, {6, 79}, {12, 59}, {19, 0}}, pixelRows(1, 4));
        CifarWriter.write(base.resolve("test.bin"), new int[][] {{3, 42}, {17, 7}}, pixelRows(2, 2));
    }

    private static void assertPixels(float[] got, int[] files, int[] records) {
        assertEquals(files.length * CifarDataSource.PIXELS, got.length);
        for (int k = 0; k < files.length; k++) {
            byte[] want = pixels(files[k], records[k]);
            for (int i = 0; i < want.length; i++) {
                int at = k * CifarDataSource.PIXELS + i;
                assertEquals((want[i] & 0xff) / 255f, got[at], 0f, "example " + k + " pixel " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cifar-10-batches-bin"})
    void cifar10RoundTripIsExact(String subdirectory) throws IOException {
        writeCifar10(dir.resolve(subdirectory));
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedData d = CifarDataSource.parse("cifar10:" + dir).load(m);
            assertEquals(new Shape(15, 3, 32, 32), d.train().inputs().getShape());
            assertEquals(new Shape(3, 3, 32, 32), d.test().inputs().getShape());
            assertEquals(DataType.FLOAT32, d.train().inputs().getDataType());
            assertEquals(DataType.INT64, d.train().targets().getDataType());
            assertEquals(new Shape(15), d.train().targets().getShape());
            // Batches in order 1..5, records in file order.
            int[] files = new int[15];
            int[] records = new int[15];
            long[] labels = new long[15];
            int k = 0;
            for (int b = 1; b <= 5; b++) {
                for (int r = 0; r < b; r++, k++) {
                    files[k] = b;
                    records[k] = r;
                    labels[k] = (b + r) % 10;
                }
            }
            assertPixels(d.train().inputs().toFloatArray(), files, records);
            assertArrayEquals(labels, d.train().targets().toLongArray());
            assertPixels(d.test().inputs().toFloatArray(), new int[] {0, 0, 0}, new int[] {0, 1, 2});
            assertArrayEquals(new long[] {9, 0, 4}, d.test().targets().toLongArray());
            assertEquals(new DataInfo("cifar10:" + dir, true, 10, new Shape(3, 32, 32)), d.info());
            // Red plane first: element [1, 2, 5, 7] of the test split is byte 2·1024 + 5·32 + 7 of record 1.
            int want = pixels(0, 1)[2 * 1024 + 5 * 32 + 7] & 0xff;
            assertEquals(want / 255f, d.test().inputs().getFloat(1, 2, 5, 7), 0f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cifar-100-binary"})
    void cifar100FineAndCoarseRoundTripIsExact(String subdirectory) throws IOException {
        writeCifar100(dir.resolve(subdirectory));
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedData fine = CifarDataSource.parse("cifar100:" + dir).load(m);
            assertEquals(new Shape(4, 3, 32, 32), fine.train().inputs().getShape());
            assertEquals(new Shape(2, 3, 32, 32), fine.test().inputs().getShape());
            assertPixels(fine.train().inputs().toFloatArray(), new int[] {1, 1, 1, 1}, new int[] {0, 1, 2, 3});
            assertPixels(fine.test().inputs().toFloatArray(), new int[] {2, 2}, new int[] {0, 1});
            assertArrayEquals(new long[] {99, 79, 59, 0}, fine.train().targets().toLongArray());
            assertArrayEquals(new long[] {42, 7}, fine.test().targets().toLongArray());
            assertEquals(100, fine.info().outputs());

            LoadedData coarse = CifarDataSource.parse("cifar100-coarse:" + dir).load(m);
            assertArrayEquals(new long[] {0, 6, 12, 19}, coarse.train().targets().toLongArray());
            assertArrayEquals(new long[] {3, 17}, coarse.test().targets().toLongArray());
            assertEquals(20, coarse.info().outputs());
            assertPixels(coarse.train().inputs().toFloatArray(), new int[] {1, 1, 1, 1}, new int[] {0, 1, 2, 3});
        }
    }

    @Test
    void specsParseAndRoundTrip() {
        assertTrue(CifarDataSource.isSpec("cifar10:/data"));
        assertTrue(CifarDataSource.isSpec("cifar100-coarse:/data"));
        assertFalse(CifarDataSource.isSpec("/data/cifar10"));
        assertFalse(CifarDataSource.isSpec("cifar1000:/data"));
        assertEquals(Variant.CIFAR10, CifarDataSource.parse("cifar10:/data").variant());
        assertEquals(Variant.CIFAR100, CifarDataSource.parse("cifar100:/data").variant());
        assertEquals(Variant.CIFAR100_COARSE, CifarDataSource.parse("cifar100-coarse:/data").variant());
        assertEquals("cifar100:/data", CifarDataSource.parse(" cifar100:/data ").spec());
        assertEquals("--data 'cifar10:': expected a directory after 'cifar10:', found nothing",
                assertThrows(DataException.class, () -> CifarDataSource.parse("cifar10:")).getMessage());
    }

    @Test
    void describeReadsNoRecords() throws IOException {
        writeCifar10(dir);
        // A label out of range is only seen when records are read; describe() still succeeds.
        CifarWriter.write(dir.resolve("test_batch.bin"), new int[][] {{200}}, pixelRows(0, 1));
        DataInfo info = new CifarDataSource(dir, Variant.CIFAR10).describe();
        assertEquals(new DataInfo("cifar10:" + dir, true, 10, new Shape(3, 32, 32)), info);
        assertTrue(loadError(Variant.CIFAR10).getMessage().contains("label out of range"));
    }

    private DataException loadError(Variant v) {
        try (NDManager m = NDManager.newBaseManager()) {
            return assertThrows(DataException.class, () -> new CifarDataSource(dir, v).load(m));
        }
    }

    @Test
    void missingFileListsTheExpectedNames() throws IOException {
        writeCifar10(dir);
        Files.delete(dir.resolve("data_batch_3.bin"));
        assertEquals(dir.resolve("data_batch_3.bin") + ": missing: expected the CIFAR-10 binary files data_batch_1.bin, data_batch_2.bin, "
                + "data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin in " + dir
                + ", found only data_batch_1.bin, data_batch_2.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin",
                loadError(Variant.CIFAR10).getMessage());
        // describe() checks the same, without loading.
        assertThrows(DataException.class, () -> new CifarDataSource(dir, Variant.CIFAR10).describe());
    }

    @Test
    void missingCifar100TestFileInTheSubdirectory() throws IOException {
        Path sub = dir.resolve("cifar-100-binary");
        writeCifar100(sub);
        Files.delete(sub.resolve("test.bin"));
        assertEquals(sub.resolve("test.bin") + ": missing: expected the CIFAR-100 binary files train.bin, test.bin in " + sub
                + ", found only train.bin", loadError(Variant.CIFAR100).getMessage());
    }

    @Test
    void noFilesAndNoDirectory() throws IOException {
        Files.write(dir.resolve("cifar-10-binary.tar.gz"), new byte[] {1});
        assertEquals("--data cifar10:" + dir + ": expected the CIFAR-10 binary files data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, "
                + "data_batch_4.bin, data_batch_5.bin, test_batch.bin in " + dir + " or " + dir.resolve("cifar-10-batches-bin")
                + ", found none of them; found the archive cifar-10-binary.tar.gz there: unpack it with tar xzf",
                loadError(Variant.CIFAR10).getMessage());
        Path absent = dir.resolve("absent");
        DataException e = assertThrows(DataException.class, () -> new CifarDataSource(absent, Variant.CIFAR100).describe());
        assertEquals("--data cifar100:" + absent + ": expected a directory holding the CIFAR-100 binary files train.bin, test.bin, "
                + "found no such directory", e.getMessage());
    }

    @Test
    void wrongNumberOfTrainingBatches() throws IOException {
        writeCifar10(dir);
        CifarWriter.write(dir.resolve("data_batch_6.bin"), new int[][] {{1}}, pixelRows(6, 1));
        assertEquals(dir + ": wrong number of files: expected 5 training batches data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, "
                + "data_batch_4.bin, data_batch_5.bin, found 6: data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, "
                + "data_batch_5.bin, data_batch_6.bin", loadError(Variant.CIFAR10).getMessage());
    }

    @Test
    void truncatedFile() throws IOException {
        writeCifar10(dir);
        Path f = dir.resolve("data_batch_4.bin");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 1));
        assertEquals(f + ": truncated: expected a positive multiple of 3073 bytes (CIFAR-10 records of 1 label byte and 3072 pixels), "
                + "found 12291 bytes", loadError(Variant.CIFAR10).getMessage());
        Files.write(f, new byte[0]);
        assertTrue(loadError(Variant.CIFAR10).getMessage().endsWith("found 0 bytes"));
    }

    @Test
    void truncatedCifar100FileIsCheckedAgainstItsRecordSize() throws IOException {
        writeCifar100(dir);
        // 2 CIFAR-10 sized records are not whole CIFAR-100 records of 3074 bytes.
        Files.write(dir.resolve("test.bin"), new byte[2 * 3073]);
        assertEquals(dir.resolve("test.bin") + ": truncated: expected a positive multiple of 3074 bytes (CIFAR-100 records of 2 label bytes and "
                + "3072 pixels), found 6146 bytes", assertThrows(DataException.class, () -> new CifarDataSource(dir, Variant.CIFAR100).describe())
                .getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        writeCifar10(dir);
        CifarWriter.write(dir.resolve("data_batch_2.bin"), new int[][] {{1}, {10}}, pixelRows(2, 2));
        assertEquals(dir.resolve("data_batch_2.bin") + ": label out of range at index 1: expected a label 0..9, found 10",
                loadError(Variant.CIFAR10).getMessage());
    }

    @Test
    void cifar100LabelsOutOfRange() throws IOException {
        writeCifar100(dir);
        CifarWriter.write(dir.resolve("train.bin"), new int[][] {{0, 1}, {5, 2}, {19, 100}}, pixelRows(1, 3));
        assertEquals(dir.resolve("train.bin") + ": label out of range at index 2: expected a fine label 0..99, found 100",
                loadError(Variant.CIFAR100).getMessage());
        // Both labels are checked whichever is the target.
        CifarWriter.write(dir.resolve("train.bin"), new int[][] {{0, 1}, {20, 2}}, pixelRows(1, 2));
        assertEquals(dir.resolve("train.bin") + ": label out of range at index 1: expected a coarse label 0..19, found 20",
                loadError(Variant.CIFAR100).getMessage());
    }
}
