package kdlab.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import kdlab.datasets.noise.Noise;
import org.junit.jupiter.api.Test;

/** Batching by on-device gathers, held-out splits, and the two noise modes. */
class DeviceDatasetTest {
    /** Example i has every feature equal to i and label i, so a batch tells which examples it holds. */
    private static DeviceDataset indexed(NDManager m, int n) {
        float[] x = new float[n * 3];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(x, i * 3, i * 3 + 3, i);
            y[i] = i;
        }
        return DeviceDataset.of(new Split(m.create(x, new Shape(n, 3)), m.create(y)));
    }

    private static List<Long> epoch(NDManager m, DeviceDataset d, int batch, boolean shuffle, List<Integer> sizes) {
        List<Long> seen = new ArrayList<>();
        Iterator<Batch> it = d.batches(m, batch, shuffle);
        while (it.hasNext()) {
            try (Batch b = it.next()) {
                sizes.add(b.size());
                long[] labels = b.targets().toLongArray();
                long[] idx = b.indices().toLongArray();
                float[] x = b.inputs().toFloatArray();
                for (int i = 0; i < labels.length; i++) {
                    assertEquals(labels[i], idx[i], "indices travel with the batch");
                    assertEquals(labels[i], x[i * 3], 0f);
                    seen.add(labels[i]);
                }
            }
        }
        return seen;
    }

    @Test
    void everyExampleOncePerEpochWithAPartialLastBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            DeviceDataset d = indexed(m, 10);
            List<Integer> sizes = new ArrayList<>();
            Engine.getInstance().setRandomSeed(4);
            List<Long> seen = epoch(m, d, 4, true, sizes);
            assertEquals(List.of(4, 4, 2), sizes);
            List<Long> sorted = new ArrayList<>(seen);
            sorted.sort(null);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), sorted);
            Engine.getInstance().setRandomSeed(4);
            assertEquals(seen, epoch(m, d, 4, true, new ArrayList<>()), "same seed, same order");
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), epoch(m, d, 3, false, new ArrayList<>()));
        }
    }

    @Test
    void trainValidationIsDisjointCoveringAndSeeded() {
        try (NDManager m = NDManager.newBaseManager()) {
            DeviceDataset d = indexed(m, 20);
            DeviceDataset[] parts = d.trainValidation(5, 42);
            assertEquals(15, parts[0].size());
            assertEquals(5, parts[1].size());
            long[] train = parts[0].split().targets().toLongArray();
            long[] val = parts[1].split().targets().toLongArray();
            long[] all = new long[20];
            System.arraycopy(train, 0, all, 0, 15);
            System.arraycopy(val, 0, all, 15, 5);
            Arrays.sort(all);
            for (int i = 0; i < 20; i++) {
                assertEquals(i, all[i]);
            }
            assertArrayEquals(val, d.trainValidation(5, 42)[1].split().targets().toLongArray());
            assertFalse(Arrays.equals(val, d.trainValidation(5, 43)[1].split().targets().toLongArray()));
            DataException e = assertThrows(DataException.class, () -> d.trainValidation(20, 1));
            assertEquals("validation size: expected a number from 1 to 19 for 20 training examples, found 20", e.getMessage());
        }
    }

    private static Map<Long, float[]> noisyRows(NDManager m, DeviceDataset d) {
        Map<Long, float[]> rows = new HashMap<>();
        Iterator<Batch> it = d.batches(m, 3, true);
        while (it.hasNext()) {
            try (Batch b = it.next()) {
                long[] idx = b.indices().toLongArray();
                float[] noisy = b.noisy().toFloatArray();
                for (int i = 0; i < idx.length; i++) {
                    rows.put(idx[i], Arrays.copyOfRange(noisy, i * 3, i * 3 + 3));
                }
            }
        }
        return rows;
    }

    @Test
    void fixedNoiseRepeatsAcrossEpochsAndFreshNoiseDoesNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            DeviceDataset fixed = indexed(m, 8).withFixedNoise(Noise.parse("gaussian:1"));
            Engine.getInstance().setRandomSeed(6);
            Map<Long, float[]> e1 = noisyRows(m, fixed);
            Engine.getInstance().setRandomSeed(7);
            Map<Long, float[]> e2 = noisyRows(m, fixed);
            for (long i = 0; i < 8; i++) {
                assertArrayEquals(e1.get(i), e2.get(i), 0f, "fixed noise, example " + i);
            }
            DeviceDataset fresh = indexed(m, 8).withFreshNoise(Noise.parse("gaussian:1"));
            Engine.getInstance().setRandomSeed(6);
            Map<Long, float[]> f1 = noisyRows(m, fresh);
            Engine.getInstance().setRandomSeed(7);
            Map<Long, float[]> f2 = noisyRows(m, fresh);
            for (long i = 0; i < 8; i++) {
                assertFalse(Arrays.equals(f1.get(i), f2.get(i)), "fresh noise, example " + i);
            }
        }
    }

    @Test
    void transformSeesCleanAndNoisyViewsTogether() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            DeviceDataset d = indexed(m, 4).withFixedNoise(Noise.parse("gaussian:1")).withTransform((clean, noisy) -> new NDArray[] {
                clean.mul(10f), noisy.sub(clean)});
            Iterator<Batch> it = d.batches(m, 4, false);
            try (Batch b = it.next()) {
                assertArrayEquals(new float[] {0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30}, b.inputs().toFloatArray(), 0f);
                assertEquals(0.0, b.noisy().mean().getFloat(), 1.5, "the noisy view minus the clean one is the noise");
                assertFalse(Arrays.equals(new float[12], b.noisy().toFloatArray()));
            }
        }
    }

    @Test
    void withoutNoiseTheNoisyViewIsTheCleanArray() {
        try (NDManager m = NDManager.newBaseManager()) {
            Iterator<Batch> it = indexed(m, 4).batches(m, 4, false);
            try (Batch b = it.next()) {
                assertSame(b.inputs(), b.noisy());
            }
        }
    }
}
