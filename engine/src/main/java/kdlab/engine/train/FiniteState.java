package kdlab.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Collection;
import kdlab.engine.optim.ParameterOptimizer;

/**
 * Whether a training state is safe to checkpoint: every parameter (batch-norm statistics included), every
 * connector parameter and every optimizer state array is finite. A finite loss at the last logging
 * interval does not imply this: the update after it can overflow. The check costs one device read, taken
 * only when a checkpoint is about to be written.
 */
public final class FiniteState {
    private FiniteState() {}

    /**
     * @param manager where the temporaries of the check go (closed before returning)
     * @param blocks the model and its connectors
     * @param optimizer the optimizer, or null
     * @return whether every value is finite
     */
    public static boolean check(NDManager manager, Collection<? extends Block> blocks, ParameterOptimizer optimizer) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList maxima = new NDList();
            for (Block block : blocks) {
                for (Parameter p : block.getParameters().values()) {
                    if (p.isInitialized()) {
                        maxima.add(worst(p.getArray(), scratch));
                    }
                }
            }
            if (optimizer != null) {
                for (NDArray a : optimizer.stateArrays()) {
                    maxima.add(worst(a, scratch));
                }
            }
            if (maxima.isEmpty()) {
                return true;
            }
            // NaN propagates through max, and |±Inf| is Inf: one scalar answers for everything.
            float worst = HostReads.scalar(maxima.size() == 1 ? maxima.head() : ai.djl.ndarray.NDArrays.stack(maxima).max());
            return Float.isFinite(worst);
        }
    }

    /**
     * Names what is not finite, for the divergence message: reads every array from the device, so it is called
     * only once {@link #check} has failed.
     *
     * @param manager where the temporaries go (closed before returning)
     * @param blocks the model and its connectors, each with the name it is reported under ("" for the model)
     * @param optimizer the optimizer, or null
     * @return up to {@code limit} names, parameters as {@code PREFIXname}, optimizer slots as {@code optimizer
     *     name/slot}
     */
    public static java.util.List<String> nonFinite(NDManager manager, java.util.Map<String, ? extends Block> blocks, ParameterOptimizer optimizer,
            int limit) {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (NDManager scratch = manager.newSubManager()) {
            for (java.util.Map.Entry<String, ? extends Block> b : blocks.entrySet()) {
                for (var p : b.getValue().getParameters()) {
                    if (p.getValue().isInitialized() && !Float.isFinite(HostReads.scalar(worst(p.getValue().getArray(), scratch)))) {
                        names.add(b.getKey() + p.getKey());
                    }
                }
            }
            if (optimizer != null) {
                for (NDArray a : optimizer.stateArrays()) {
                    if (!Float.isFinite(HostReads.scalar(worst(a, scratch)))) {
                        names.add("optimizer " + a.getName());
                    }
                }
            }
        }
        return names.size() <= limit ? names : names.subList(0, limit);
    }

    private static NDArray worst(NDArray a, NDManager scratch) {
        // Every intermediate must live on the scratch manager: they are made on their input's manager, which
        // for a parameter is the model's long-lived one (a per-checkpoint leak the first version had).
        NDArray detached = a.stopGradient();
        detached.attach(scratch);
        return detached.abs().max().toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }
}
