package kdlab.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One batch, gathered on the device. Its arrays and everything a step computes from them belong to
 * {@code manager}; closing the batch frees them all at once.
 *
 * @param manager the batch's own manager
 * @param inputs clean inputs
 * @param noisy noisy inputs; the same array as {@code inputs} when the dataset has no noise
 * @param targets labels or regression targets
 * @param indices int64 positions of the examples in their split, for per-sample tables; may be null for
 *     batches built by hand in tests and benchmarks
 */
public record Batch(NDManager manager, NDArray inputs, NDArray noisy, NDArray targets, NDArray indices) implements AutoCloseable {
    /** @return the number of examples */
    public int size() {
        return Math.toIntExact(inputs.getShape().get(0));
    }

    @Override
    public void close() {
        manager.close();
    }
}
