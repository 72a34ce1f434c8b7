package kdlab.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import kdlab.models.Trainability;

/**
 * Updates trainable parameters in place from their gradients. Its state (momentum buffers, Adam moments,
 * the step count) is kept in named arrays so that checkpoints can save and restore it exactly.
 */
public abstract class ParameterOptimizer {
    /** State arrays by "parameterName/slot"; live on the parameters' device, owned by {@link #stateManager}. */
    protected final Map<String, NDArray> state = new LinkedHashMap<>();
    /** Owner of the state arrays. */
    protected final NDManager stateManager;
    /** Number of completed steps. */
    protected long steps;

    /** @param manager the long-lived manager that owns the optimizer state */
    protected ParameterOptimizer(NDManager manager) {
        this.stateManager = manager;
    }

    /**
     * Applies one update to every parameter that requires a gradient.
     *
     * @param parameters the model's parameters
     * @param learningRate this step's learning rate
     */
    public final void step(PairList<String, Parameter> parameters, float learningRate) {
        steps++;
        // Temporaries of the update would otherwise attach to the weights' long-lived manager and leak.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Pair<String, Parameter> p : parameters) {
                Parameter parameter = p.getValue();
                if (!Trainability.isTrained(parameter)) {
                    continue;
                }
                NDArray weight = parameter.getArray();
                NDArray grad = weight.getGradient();
                update(p.getKey(), weight, grad, learningRate);
                // libtorch accumulates into .grad and DJL's collector does not clear it: clear it here, in
                // place, so the next backward starts from zero without walking every array DJL manages.
                // zero_() rather than g -= g, which leaves a NaN or an infinity where it was.
                JniUtils.zeroGrad((PtNDArray) weight);
            }
        }
    }

    /**
     * One parameter's update; implementations change {@code weight} in place.
     *
     * @param name the parameter's unique name, the key of its state
     * @param weight the parameter
     * @param grad its gradient
     * @param learningRate this step's learning rate
     */
    protected abstract void update(String name, NDArray weight, NDArray grad, float learningRate);

    /**
     * Returns a state slot, creating it as zeros like {@code like} on first use.
     *
     * @param key the slot key
     * @param like an array of the wanted shape and device
     * @return the slot
     */
    protected NDArray slot(String key, NDArray like) {
        NDArray s = state.get(key);
        if (s == null) {
            s = stateManager.zeros(like.getShape(), like.getDataType(), like.getDevice());
            NDScope.unregister(s);
            s.setName(key);
            state.put(key, s);
        }
        return s;
    }

    /** @return the number of completed steps */
    public long steps() {
        return steps;
    }

    /** @return a copy-free list of the named state arrays, for checkpoints */
    public NDList stateArrays() {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            e.getValue().setName(e.getKey());
            list.add(e.getValue());
        }
        return list;
    }

    /**
     * Restores state saved by {@link #stateArrays()}.
     *
     * @param arrays the saved arrays, each named after its slot
     * @param completedSteps the saved step count
     */
    public void restore(NDList arrays, long completedSteps) {
        state.values().forEach(NDArray::close);
        state.clear();
        for (NDArray a : arrays) {
            NDArray copy = a.duplicate();
            copy.attach(stateManager);
            state.put(a.getName(), copy);
        }
        this.steps = completedSteps;
    }
}
