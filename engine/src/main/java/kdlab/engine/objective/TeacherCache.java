package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kdlab.datasets.Batch;
import kdlab.datasets.DeviceDataset;
import kdlab.models.tap.Features;

/**
 * A frozen teacher's outputs and taps on the clean view of every training example, computed once and kept
 * on the device, so that a step gathers them by index instead of running the teacher. In the clean → noisy
 * setting of Hong et al. (CVPR 2021) the teacher sees the same clean image in every epoch with the same
 * weights, so its features are a fixed table: recomputing them each epoch is a quarter to a third of the
 * step's work for nothing.
 *
 * <p>It applies only where nothing the teacher sees changes between epochs: the frozen view is the clean
 * one and the dataset's transform is not random (no crop or flip). Only the taps that the objective's terms
 * read from the clean teacher are kept (all of them where a term does not say).
 */
public final class TeacherCache {
    private final NDArray output;
    private final Map<String, NDArray> taps;
    private final long bytes;

    private TeacherCache(NDArray output, Map<String, NDArray> taps, long bytes) {
        this.output = output;
        this.taps = taps;
        this.bytes = bytes;
    }

    /**
     * What {@link #build} decided.
     *
     * @param cache the table, or null
     * @param reason a line for the run's log; null when no term reads the teacher's clean view
     * @param buildSeconds the time spent running the teacher over the split to fill the table
     */
    public record Decision(TeacherCache cache, String reason, double buildSeconds) {
        Decision(TeacherCache cache, String reason) {
            this(cache, reason, 0);
        }
    }

    /**
     * Builds the cache where it applies and fits.
     *
     * @param frozen the teacher
     * @param objective the objective; the cache is useful only if it reads {@link View#FROZEN_CLEAN}
     * @param train the training split, whose batch indices key the table
     * @param batchSize the training batch size; the teacher runs on batches of this size, as in a step
     * @param budget the memory the cache may take
     * @param manager the long-lived manager that owns the table
     * @return the cache (null when it does not apply or fit) and a one-line reason
     */
    public static Decision build(FrozenModel frozen, Objective objective, DeviceDataset train, int batchSize, TeacherCacheBudget budget,
            NDManager manager) {
        if (frozen == null || !objective.views().contains(View.FROZEN_CLEAN)) {
            return new Decision(null, null);
        }
        if (budget.mode().equals("off")) {
            return new Decision(null, "teacher cache: off");
        }
        if (!train.cleanViewFixed()) {
            return new Decision(null, "teacher cache: not used (random augmentation changes the teacher's input every epoch)");
        }
        long allowed = budget.bytes(manager.getDevice());
        Set<String> wanted = objective.frozenTapsRead();
        DeviceDataset clean = train.withoutNoise();
        int n = clean.size();
        try (NDManager probe = manager.newSubManager()) {
            Iterator<Batch> first = clean.batches(probe, Math.min(batchSize, n), false);
            Features f = frozen.forward(first.next().inputs());
            long perExample = rowBytes(f.output());
            for (String tap : f.tapNames()) {
                if (wanted == null || wanted.contains(tap)) {
                    perExample += rowBytes(f.tap(tap));
                }
            }
            long need = perExample * n;
            if (need > allowed) {
                return new Decision(null, String.format(Locale.ROOT,
                        "teacher cache: off (needs %d MiB for %d examples, the budget is %d MiB; raise it with --teacher-cache MB)",
                        need >> 20, n, allowed >> 20));
            }
        }
        long t0 = System.nanoTime();
        List<NDArray> outputs = new ArrayList<>();
        Map<String, List<NDArray>> parts = new LinkedHashMap<>();
        try (NDManager work = manager.newSubManager()) {
            Iterator<Batch> batches = clean.batches(work, batchSize, false);
            while (batches.hasNext()) {
                // Only the kept rows outlive their batch: the forward's other activations go with it.
                try (Batch batch = batches.next()) {
                    Features f = frozen.forward(batch.inputs());
                    outputs.add(moved(f.output(), work));
                    for (String tap : f.tapNames()) {
                        if (wanted == null || wanted.contains(tap)) {
                            parts.computeIfAbsent(tap, k -> new ArrayList<>()).add(moved(f.tap(tap), work));
                        }
                    }
                }
            }
            NDArray out = keep(outputs, manager);
            Map<String, NDArray> kept = new LinkedHashMap<>();
            long bytes = bytesOf(out);
            for (Map.Entry<String, List<NDArray>> e : parts.entrySet()) {
                NDArray t = keep(e.getValue(), manager);
                kept.put(e.getKey(), t);
                bytes += bytesOf(t);
            }
            TeacherCache cache = new TeacherCache(out, kept, bytes);
            return new Decision(cache, String.format(Locale.ROOT,
                    "teacher cache: %d examples, %d MiB on %s (taps %s)", n, bytes >> 20, manager.getDevice(), kept.keySet()),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private static NDArray moved(NDArray a, NDManager to) {
        a.attach(to);
        return a;
    }

    private static NDArray keep(List<NDArray> chunks, NDManager owner) {
        NDArray all = chunks.size() == 1 ? chunks.get(0).duplicate() : NDArrays.concat(new NDList(chunks));
        all.attach(owner);
        return all;
    }

    private static long rowBytes(NDArray a) {
        return a.getShape().size() / a.getShape().get(0) * a.getDataType().getNumOfBytes();
    }

    private static long bytesOf(NDArray a) {
        return a.getShape().size() * a.getDataType().getNumOfBytes();
    }

    /**
     * @param indices int64 positions of a batch's examples in the training split
     * @param owner the batch's manager, which frees the gathered rows with the batch
     * @return the teacher's output and kept taps for those examples
     */
    public Features gather(NDArray indices, NDManager owner) {
        Map<String, NDArray> rows = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : taps.entrySet()) {
            rows.put(e.getKey(), rowsOf(e.getValue(), indices, owner));
        }
        return new Features(rowsOf(output, indices, owner), rows);
    }

    private static NDArray rowsOf(NDArray table, NDArray indices, NDManager owner) {
        NDArray rows = table.get(indices);
        rows.attach(owner);
        return rows;
    }

    /** @return the bytes the table takes on its device */
    public long bytes() {
        return bytes;
    }

    /** Frees the table. */
    public void close() {
        output.close();
        taps.values().forEach(NDArray::close);
    }
}
