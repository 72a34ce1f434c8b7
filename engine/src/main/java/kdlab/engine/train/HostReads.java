package kdlab.engine.train;

import ai.djl.ndarray.NDArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place where training code copies values from the device to the host. A read waits for every
 * queued kernel, so on a GPU each one stalls the pipeline; the loop reads once per logging interval
 * (the running loss sums), at checkpoints (the finiteness check) and at setup or restore, never inside a
 * step. Every read is counted, so a test can hold the loop to that; a static test checks that no other
 * engine code reads the device outside the reporting and analysis code that runs after training.
 */
public final class HostReads {
    private static final AtomicLong READS = new AtomicLong();

    private HostReads() {}

    /**
     * @param a an array on any device
     * @return its values as floats
     */
    public static float[] floats(NDArray a) {
        READS.incrementAndGet();
        return a.toFloatArray();
    }

    /**
     * @param a a float32 array of one element
     * @return its value
     */
    public static float scalar(NDArray a) {
        READS.incrementAndGet();
        return a.getFloat();
    }

    /**
     * @param a an int64 array
     * @return its values
     */
    public static long[] longs(NDArray a) {
        READS.incrementAndGet();
        return a.toLongArray();
    }

    /** @return the reads made in this process so far */
    public static long count() {
        return READS.get();
    }
}
