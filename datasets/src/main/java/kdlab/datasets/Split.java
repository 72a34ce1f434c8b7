package kdlab.datasets;

import ai.djl.ndarray.NDArray;

/**
 * One split of a dataset as two device arrays.
 *
 * @param inputs float32 [N, ...example shape]
 * @param targets int64 [N] class labels, or float32 [N, k] regression targets
 */
public record Split(NDArray inputs, NDArray targets) {
    /** Checks that inputs and targets have the same number of examples. */
    public Split {
        long n = inputs.getShape().get(0);
        if (targets.getShape().get(0) != n) {
            throw new IllegalArgumentException("split: " + n + " inputs but " + targets.getShape().get(0) + " targets");
        }
    }

    /** @return the number of examples */
    public int size() {
        return Math.toIntExact(inputs.getShape().get(0));
    }
}
