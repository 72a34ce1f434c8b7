package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.Set;

/**
 * SoTeacher's consistency regulariser (Dong, Liu, Shang, ICLR 2024; PAPERS.md §3.3): temporal ensembling of
 * the model's own predictions on differently augmented views. A table S (N × K, zero at the start) holds one
 * soft target per training sample, read and written by the batch's sample indices. Per batch the loss
 * (1/|B|)·Σ_i Σ_k (p_ik − S_ik)², p = softmax(z) with T = 1, is computed first (gradient through p only);
 * after the optimizer step S_i ← (1 − τ)·S_i + τ·p_i with τ = 1/(1 + c), where c = 0 during epoch 1 and
 * c = e during the 1-based epoch e ≥ 2 — an almost equal-weight running mean of all past epochs' predictions,
 * as the released code computes it. The paper's weight ramps with {@code schedule: sot-linear} (0 in epoch 1).
 *
 * <p>The table is the term's state, written into every checkpoint; c follows from the loop's epoch, which the
 * checkpoint holds too. Validation batches index another split, so the term reports 0 on them.
 */
public final class ConsistencyTerm implements LossTerm {
    private final View view;
    private NDArray table;
    private NDArray pendingTargets;
    private NDArray pendingIndices;

    /**
     * @param view the trained model's view whose predictions are ensembled
     * @param manager the run's long-lived manager, which holds the table
     * @param samples training samples N
     * @param classes classes K
     */
    public ConsistencyTerm(View view, NDManager manager, int samples, int classes) {
        if (view.frozen()) {
            throw new IllegalArgumentException("consistency ensembles the trained model's own predictions, found " + view);
        }
        this.view = view;
        this.table = manager.zeros(new Shape(samples, classes), DataType.FLOAT32);
    }

    @Override
    public String name() {
        return "consistency";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(view);
    }

    @Override
    public NDArray compute(StepView step) {
        NDArray logits = step.features(view).output();
        if (!step.training()) {
            return Scalars.mul(logits.sum(), 0f);
        }
        NDArray p = logits.softmax(1);
        NDArray targets = table.get(step.indices());
        // Made on the table's long-lived manager: hand it to the batch's, or every step would leak a [B, K] copy.
        targets.attach(step.indices().getManager());
        pendingTargets = p.stopGradient();
        pendingIndices = step.indices();
        return loss(p, targets);
    }

    /**
     * @param probabilities p = softmax(z), [B, K]
     * @param targets the table's rows for the batch, [B, K]
     * @return (1/B)·Σ_i Σ_k (p_ik − S_ik)²
     */
    public static NDArray loss(NDArray probabilities, NDArray targets) {
        return probabilities.sub(targets.stopGradient()).square().sum(new int[] {1}).mean();
    }

    /**
     * @param oneBasedEpoch the epoch being trained, from 1
     * @return τ = 1/(1 + c), c = 0 in epoch 1 and c = e in epoch e ≥ 2
     */
    public static double tau(int oneBasedEpoch) {
        int c = oneBasedEpoch <= 1 ? 0 : oneBasedEpoch;
        return 1.0 / (1 + c);
    }

    @Override
    public void afterStep(StepView step) {
        if (pendingTargets == null) {
            return;
        }
        float tau = (float) tau(step.progress().epoch() + 1);
        try (NDArray old = table.get(pendingIndices); NDArray kept = old.mul(1 - tau); NDArray updated = kept.add(pendingTargets.mul(tau))) {
            table.set(new NDIndex("{}", pendingIndices), updated);
        }
        pendingTargets = null;
        pendingIndices = null;
    }

    @Override
    public NDList state() {
        return new NDList(table);
    }

    @Override
    public void restoreState(NDList saved) {
        NDArray t = saved.singletonOrThrow();
        if (!t.getShape().equals(table.getShape())) {
            throw new IllegalArgumentException("consistency table: expected shape " + table.getShape() + ", found " + t.getShape());
        }
        table.set(new NDIndex(":"), t);
    }

    /** @return the table S, for tests */
    NDArray table() {
        return table;
    }

    /**
     * The settings of {@code type: consistency} (the paper: weight 1 with {@code schedule: sot-linear}).
     *
     * @param student the input the trained model predicts on: noisy (default) or clean
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(String student) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(student == null ? "noisy" : student);
        }

        @Override
        public LossTerm build(TermContext context) {
            if (!context.classification()) {
                throw context.error(null, "the consistency table holds class probabilities; the data have regression targets");
            }
            if (context.trainExamples() < 1) {
                throw new IllegalStateException("the consistency term needs the size of the training split");
            }
            View v = context.view("student", student == null ? "noisy" : student, false);
            return new ConsistencyTerm(v, context.manager(), context.trainExamples(), (int) context.studentOutput().get(1));
        }
    }
}
