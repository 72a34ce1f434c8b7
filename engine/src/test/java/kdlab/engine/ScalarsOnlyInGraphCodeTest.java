package kdlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No method of kdlab's models or engine hands a Java number to {@code NDArray.mul/div/maximum/minimum/pow}
 * unless it is on the list below of methods that build no autograd graph (optimizer updates, metric sums, state
 * updates, initialisation). Such a number becomes a tensor over memory the JVM may free before the backward pass
 * reads it (see {@link Scalars}); graph code uses {@code Scalars} instead. Read from the compiled classes with
 * the JDK's javap, so no call site can hide.
 */
class ScalarsOnlyInGraphCodeTest {
    /** Methods, as "Class.method", that call op(Number) outside any gradient graph. */
    private static final Set<String> OUTSIDE_THE_GRAPH = Set.of(
            "kdlab.engine.optim.AdamOptimizer.update",
            "kdlab.engine.optim.SgdOptimizer.update",
            "kdlab.engine.train.MetricAccumulator.add",
            "kdlab.engine.objective.ConsistencyTerm.afterStep",
            "kdlab.engine.objective.CrdTerm.update",
            "kdlab.engine.objective.CrdTerm$NegativeSampler.draw",
            "kdlab.models.ntk.FixedSignReadout.randomSigns",
            // Scoring after training: probabilities from an inference pass, no graph to keep the scalar alive.
            "kdlab.engine.job.Calibration.binSums");

    private static final Pattern CALL = Pattern.compile("InterfaceMethod ai/djl/ndarray/NDArray\\.(mul|div|maximum|minimum|pow):\\(Ljava/lang/Number;\\)");

    @Test
    void graphCodeNeverPassesANumberToDjlArithmetic() throws Exception {
        Set<String> callers = CompiledCalls.callers(CALL);
        callers.removeAll(OUTSIDE_THE_GRAPH);
        // Data code builds no graph: inputs and noise never require gradients.
        callers.removeIf(c -> c.startsWith("kdlab.datasets."));
        assertEquals(Set.of(), callers, "methods passing a Java number to NDArray arithmetic: use kdlab.models.Scalars, or, when the method builds no"
                + " gradient graph, add it to OUTSIDE_THE_GRAPH");
    }
}
