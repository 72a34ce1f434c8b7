package kdlab.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.engine.objective.LossBreakdown;

/**
 * Running sums kept on the device: one vector [total, term..., correct] updated in place each step, so the
 * loop reads from the device only when it asks for {@link #read()}.
 */
public final class MetricAccumulator implements AutoCloseable {
    private final List<String> termNames;
    private final boolean classification;
    private final NDArray sums;
    private long count;

    /**
     * @param manager owner of the sums (the epoch's manager)
     * @param termNames the objective's terms, in order
     * @param classification whether to count correct predictions
     */
    public MetricAccumulator(NDManager manager, List<String> termNames, boolean classification) {
        this.termNames = List.copyOf(termNames);
        this.classification = classification;
        this.sums = manager.zeros(new Shape(termNames.size() + 2), DataType.FLOAT32);
    }

    /**
     * Adds one batch; no device read.
     *
     * @param loss the batch's loss breakdown (batch means)
     * @param output the model output that is scored
     * @param targets the batch's targets
     */
    public void add(LossBreakdown loss, NDArray output, NDArray targets) {
        long n = targets.getShape().get(0);
        NDList parts = new NDList(termNames.size() + 2);
        // Losses are batch means: weight by the batch size so the epoch figure is a mean over examples.
        parts.add(loss.total().stopGradient().mul((float) n).reshape(1));
        for (String name : termNames) {
            parts.add(loss.parts().get(name).stopGradient().mul((float) n).reshape(1));
        }
        parts.add(classification
                ? output.stopGradient().argMax(1).eq(targets.toType(DataType.INT64, false)).sum().toType(DataType.FLOAT32, false).reshape(1)
                : targets.getManager().zeros(new Shape(1)));
        sums.addi(NDArrays.concat(parts));
        count += n;
    }

    /**
     * Reads the raw sums for a mid-epoch checkpoint: a synchronisation point.
     *
     * @return [total, term..., correct] sums
     */
    public float[] sums() {
        return HostReads.floats(sums);
    }

    /**
     * Restores sums saved by a mid-epoch checkpoint.
     *
     * @param saved the sums from {@link #sums()}
     * @param examples the examples behind them
     */
    public void restore(float[] saved, long examples) {
        if (saved.length != termNames.size() + 2) {
            throw new IllegalArgumentException("checkpoint holds " + saved.length + " running sums, the objective needs " + (termNames.size() + 2));
        }
        sums.set(saved);
        count = examples;
    }

    /** @return examples added */
    public long count() {
        return count;
    }

    /**
     * Reads the sums from the device: a synchronisation point.
     *
     * @return the means so far
     */
    public SplitMetrics read() {
        float[] v = HostReads.floats(sums);
        double c = Math.max(1, count);
        Map<String, Double> parts = new LinkedHashMap<>();
        for (int i = 0; i < termNames.size(); i++) {
            parts.put(termNames.get(i), v[i + 1] / c);
        }
        double accuracy = classification ? v[termNames.size() + 1] / c : Double.NaN;
        return new SplitMetrics(v[0] / c, parts, accuracy, count);
    }

    @Override
    public void close() {
        sums.close();
    }
}
