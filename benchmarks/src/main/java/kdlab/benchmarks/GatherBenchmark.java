package kdlab.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gathering one batch by index from tables resident on the device, the way a step gets its rows: {@code
 * table.get(indices)} with int64 indices, as {@link kdlab.datasets.DeviceDataset}'s batches gather the inputs and
 * as the teacher cache gathers a frozen teacher's output and taps. Two workloads, at Fashion-MNIST's 55,000
 * training images:
 * <ul>
 *   <li>{@code data}: the inputs, [55000, 784] float32;</li>
 *   <li>{@code teacher_cache}: the st-mlp workload's cached teacher (an {@code mlp:1024,1024}): its two hidden
 *       taps, [55000, 1024] each, and its output, [55000, 10], three gathers with the same indices.</li>
 * </ul>
 *
 * <p>The indices are drawn before timing, as one shuffled epoch cut into batches; each invocation takes the next
 * batch, so consecutive gathers touch different rows, as an epoch does, rather than rows already in the cache.
 * Slicing the epoch's order into batches is not timed. The gathered rows are freed with the invocation's manager.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GatherBenchmark {
    private static final int ROWS = 55_000;

    /** Which tables are gathered: {@code data} or {@code teacher_cache} (see the class comment). */
    @Param({"data", "teacher_cache"})
    public String tables;

    /** Rows per batch. */
    @Param({"256"})
    public int batchSize;

    /** The --device flag. */
    @Param({"cpu"})
    public String device;

    private NDManager manager;
    private final List<NDArray> gathered = new ArrayList<>();
    private final List<NDArray> batches = new ArrayList<>();
    private int next;

    /** Fills the tables with random values and draws an epoch of batch indices. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = BenchmarkDevice.open(device);
        switch (tables) {
            case "data" -> gathered.add(manager.randomUniform(0, 1, new Shape(ROWS, 784)));
            case "teacher_cache" -> {
                gathered.add(manager.randomNormal(new Shape(ROWS, 1024)));
                gathered.add(manager.randomNormal(new Shape(ROWS, 1024)));
                gathered.add(manager.randomNormal(new Shape(ROWS, 10)));
            }
            default -> throw new IllegalArgumentException("tables: expected data or teacher_cache, found '" + tables + "'");
        }
        NDArray order = manager.randomPermutation(ROWS).toType(DataType.INT64, false);
        for (int start = 0; start + batchSize <= ROWS; start += batchSize) {
            batches.add(order.get(new NDIndex(start + ":" + (start + batchSize))).duplicate());
        }
        next = 0;
    }

    /** Frees the device memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
        gathered.clear();
        batches.clear();
    }

    /** @return one gathered value, read so that every queued gather is complete */
    @Benchmark
    public float gather() {
        NDArray indices = batches.get(next);
        next = (next + 1) % batches.size();
        try (NDManager step = manager.newSubManager()) {
            NDArray rows = null;
            for (NDArray table : gathered) {
                rows = table.get(indices);
                rows.attach(step);
            }
            return rows.getFloat(0, 0);
        }
    }

    /**
     * Runs JMH (for an IDE; the command line uses {@code org.openjdk.jmh.Main}).
     *
     * @param args JMH arguments
     * @throws Exception what JMH throws
     */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
