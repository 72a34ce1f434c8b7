package kdlab.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

/**
 * kdlab's optimizers against trajectories recorded from {@code torch.optim} by
 * {@code engine/src/test/python/optimizer_reference.py}: every step's parameters and the final state, to
 * 1e-6 relative (see {@link Agreement#check}), driven through {@link ParameterOptimizer#step} with gradients from a real backward pass.
 */
class OptimizerParityTest {
    private static final String DIR = "/fixtures/optim/";
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/optimizer_reference.py";
    /** Float32 carries ~6e-8 relative; 1e-6 leaves room for a few roundings of differently ordered arithmetic. */
    private static final double RELATIVE = 1e-6;

    private static JsonNode load(String name) {
        try (InputStream in = OptimizerParityTest.class.getResourceAsStream(DIR + name + ".json")) {
            if (in == null) {
                // A missing fixture must fail, not skip: a parity test that silently checks nothing is worse than none.
                return fail("fixture " + DIR + name + ".json is not on the test classpath; regenerate it with " + REGENERATE);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            return fail("fixture " + DIR + name + ".json is unreadable: " + e.getMessage(), e);
        }
    }

    private static ParameterOptimizer optimizer(JsonNode fixture, NDManager manager) {
        JsonNode h = fixture.get("hyper");
        String kind = fixture.get("optimizer").asText();
        return switch (kind) {
            case "adam" -> new AdamOptimizer(manager, h.get("beta1").asDouble(), h.get("beta2").asDouble(),
                    (float) h.get("eps").asDouble(), (float) h.get("weight_decay").asDouble());
            case "sgd" -> new SgdOptimizer(manager, (float) h.get("momentum").asDouble(), (float) h.get("weight_decay").asDouble());
            default -> fail("fixture names an unknown optimizer '" + kind + "'");
        };
    }

    /** Flattens a nested JSON list of numbers row-major, the order of {@link NDArray#toFloatArray()}. */
    private static void flatten(JsonNode node, List<Float> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add((float) node.asDouble());
        }
    }

    private static float[] values(JsonNode node) {
        List<Float> list = new ArrayList<>();
        flatten(node, list);
        float[] a = new float[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private static Shape shape(JsonNode node) {
        List<Long> dims = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.get(0)) {
            dims.add((long) n.size());
        }
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Bounds the magnitude of the operands a state slot was summed from. With G the largest effective gradient
     * |g + wd·w| per element over t steps, Adam's first moment is a sum of terms (1 − β1)β1ᵏ·g, so it and its
     * operands are at most (1 − β1ᵗ)·G; the momentum buffer is a sum of μᵏ·g, at most (1 − μᵗ)/(1 − μ)·G.
     * When those terms cancel (gradients that change sign) the slot keeps a rounding error of that size, not of its
     * own small value. The second moment sums positive terms and cancels nothing: its own value is the scale.
     */
    private static float[] stateOperandScale(JsonNode fixture, String key, float[] gradientPeak, int steps) {
        JsonNode h = fixture.get("hyper");
        double weights;
        if (key.endsWith("/v")) {
            weights = 0;
        } else if (key.endsWith("/m")) {
            weights = 1 - Math.pow(h.get("beta1").asDouble(), steps);
        } else if (key.endsWith("/momentum")) {
            double mu = h.get("momentum").asDouble();
            weights = (1 - Math.pow(mu, steps)) / (1 - mu);
        } else {
            return fail("no operand bound for the state slot " + key);
        }
        float[] scale = new float[gradientPeak.length];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = (float) (weights * gradientPeak[i]);
        }
        return scale;
    }

    /** Checks values and keeps the largest differences seen in one case, for the report. */
    private static final class Agreement {
        double maxAbs;
        double maxRel;
        double maxRelToScale;

        /**
         * Requires |actual − expected| ≤ 1e-6 · scale, where the scale is the larger of |expected| and the magnitude
         * of the operands it was computed from: float32 arithmetic is exact only to rounding at the operands'
         * magnitude, and that absolute error stays when terms cancel, so a weight passing near zero (bias[0] goes
         * from 0.2 to 3e-4 here) or a moment of sign-changing gradients would otherwise fail on rounding alone,
         * not on a different formula.
         *
         * @param operands per element, the operands' magnitude: for a weight the largest |w| of its trajectory so
         *     far, for state {@link #stateOperandScale}
         */
        void check(float[] expected, float[] actual, float[] operands, String what) {
            assertEquals(expected.length, actual.length, what + ": length");
            for (int i = 0; i < expected.length; i++) {
                double diff = Math.abs((double) actual[i] - expected[i]);
                double scale = Math.max(Math.abs((double) expected[i]), operands[i]);
                maxAbs = Math.max(maxAbs, diff);
                if (diff > 0) {
                    maxRel = Math.max(maxRel, diff / Math.abs((double) expected[i]));
                    maxRelToScale = Math.max(maxRelToScale, diff / scale);
                }
                if (!(diff <= RELATIVE * scale)) {
                    fail(String.format("%s[%d]: PyTorch %.9g, kdlab %.9g, |diff| %.3g = %.3g of the scale %.6g (limit %.0e)",
                            what, i, expected[i], actual[i], diff, diff / scale, scale, RELATIVE));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam_default_wd", "adam_eps_large_wd", "sgd_momentum_wd", "sgd_plain_wd"})
    void followsPyTorchStepByStep(String name) {
        JsonNode fixture = load(name);
        JsonNode learningRates = fixture.get("learning_rates");
        JsonNode gradients = fixture.get("gradients");
        JsonNode afterStep = fixture.get("after_step");
        assertTrue(learningRates.size() > 1 && gradients.size() == learningRates.size() && afterStep.size() == learningRates.size(),
                name + ": expected one learning rate, gradient set and result per step");
        Agreement agreement = new Agreement();
        try (NDManager manager = NDManager.newBaseManager()) {
            PairList<String, Parameter> parameters = new PairList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = fixture.get("initial").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                NDArray array = manager.create(values(e.getValue()), shape(e.getValue()));
                // Parameter.setArray, unlike initialize, leaves the array without autograd.
                array.setRequiresGradient(true);
                Parameter p = Parameter.builder().setName(e.getKey()).setType(Parameter.Type.WEIGHT).optRequiresGrad(true).build();
                p.setArray(array);
                parameters.add(e.getKey(), p);
            }
            ParameterOptimizer optimizer = optimizer(fixture, manager);
            double weightDecay = fixture.get("hyper").get("weight_decay").asDouble();
            Map<String, float[]> peaks = new TreeMap<>();
            Map<String, float[]> previous = new TreeMap<>();
            Map<String, float[]> gradientPeaks = new TreeMap<>();
            for (Pair<String, Parameter> p : parameters) {
                float[] initial = p.getValue().getArray().toFloatArray();
                float[] peak = new float[initial.length];
                for (int i = 0; i < peak.length; i++) {
                    peak[i] = Math.abs(initial[i]);
                }
                peaks.put(p.getKey(), peak);
                previous.put(p.getKey(), initial);
                gradientPeaks.put(p.getKey(), new float[initial.length]);
            }
            for (int step = 0; step < learningRates.size(); step++) {
                // d/dw Σ w·g = g exactly (the upstream gradient is 1), so each parameter's .grad is the fixture's
                // gradient bit for bit, set the way training sets it, accumulating on the buffer step() cleared.
                try (NDManager tmp = manager.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = tmp.create(0f);
                    for (Pair<String, Parameter> p : parameters) {
                        NDArray g = tmp.create(values(gradients.get(step).get(p.getKey())), p.getValue().getArray().getShape());
                        loss = loss.add(p.getValue().getArray().mul(g).sum());
                    }
                    collector.backward(loss);
                }
                for (Pair<String, Parameter> p : parameters) {
                    float[] g = values(gradients.get(step).get(p.getKey()));
                    assertArrayEquals(g, p.getValue().getArray().getGradient().toFloatArray(),
                            0f, name + ": gradient fed at step " + (step + 1) + " to " + p.getKey());
                    float[] w = previous.get(p.getKey());
                    float[] gp = gradientPeaks.get(p.getKey());
                    for (int i = 0; i < g.length; i++) {
                        gp[i] = (float) Math.max(gp[i], Math.abs(g[i] + weightDecay * w[i]));
                    }
                }
                optimizer.step(parameters, (float) learningRates.get(step).asDouble());
                for (Pair<String, Parameter> p : parameters) {
                    float[] expected = values(afterStep.get(step).get(p.getKey()));
                    float[] peak = peaks.get(p.getKey());
                    for (int i = 0; i < peak.length; i++) {
                        peak[i] = Math.max(peak[i], Math.abs(expected[i]));
                    }
                    agreement.check(expected, p.getValue().getArray().toFloatArray(), peak,
                            name + " after step " + (step + 1) + " " + p.getKey());
                    previous.put(p.getKey(), expected);
                }
            }
            assertEquals(learningRates.size(), optimizer.steps(), name + ": step count");

            JsonNode expectedState = fixture.get("final_state");
            Map<String, NDArray> actualState = new TreeMap<>();
            NDList arrays = optimizer.stateArrays();
            arrays.forEach(a -> actualState.put(a.getName(), a));
            TreeSet<String> expectedKeys = new TreeSet<>();
            expectedState.fieldNames().forEachRemaining(expectedKeys::add);
            assertEquals(expectedKeys, actualState.keySet(), name + ": state slots (PyTorch's mapped to kdlab's names)");
            for (String key : expectedKeys) {
                float[] operandScale = stateOperandScale(fixture, key, gradientPeaks.get(key.substring(0, key.indexOf('/'))),
                        learningRates.size());
                agreement.check(values(expectedState.get(key)), actualState.get(key).toFloatArray(), operandScale, name + " final state " + key);
            }
        }
        // Surefire keeps this in target/surefire-reports/*-output.txt: the measured agreement, not just a pass.
        System.out.printf("%s: max |diff| %.3g, max relative to PyTorch's value %.3g, to the checked scale %.3g%n",
                name, agreement.maxAbs, agreement.maxRel, agreement.maxRelToScale);
    }

    @Test
    void aMissingFixtureFailsWithTheWayToRegenerateIt() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> load("no_such_case"));
        assertTrue(e.getMessage().contains("/fixtures/optim/no_such_case.json is not on the test classpath")
                && e.getMessage().contains(REGENERATE), e.getMessage());
    }
}
