package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every parity test of a loss term shares: reading a fixture that a PyTorch reference script wrote (a
 * missing one fails, never skips), turning its nested lists into arrays, and checking a value and the gradients
 * of the trained inputs against PyTorch's within {@link #RELATIVE}, with the largest differences kept for the
 * report.
 */
final class ParityFixtures {
    private ParityFixtures() {}

    /** Float32 carries ~6e-8 relative; softmax, log and norm chains round a few dozen times, well under 1e-5. */
    static final double RELATIVE = 1e-5;
    /**
     * The absolute floor, as a fraction of the largest magnitude in the compared array: a gradient element near
     * 0 is the difference of terms of the array's size and keeps their rounding error, not one of its own size.
     * It was 1e-2 until an AVX-512 machine (2026-12-05) gave SP's sp_two_taps a gradient element of 1.36e-4 (peak
     * 2.3e-2) off by 2.9e-9, 1.2e-5 of that scale: libtorch's float32 kernels differ by CPU, and 1e-2 of the peak
     * left about one float32 ulp of the peak as the allowance. At 1e-1 it is about ten ulps.
     */
    static final double FLOOR_FRACTION = 1e-1;

    /**
     * @param dir the fixtures' folder on the test classpath, e.g. {@code /fixtures/terms/}
     * @param name the fixture, without {@code .json}
     * @param regenerate the command that writes the fixture, for the failure message
     * @return the fixture; a missing one fails the test
     */
    static JsonNode load(String dir, String name, String regenerate) {
        try (InputStream in = ParityFixtures.class.getResourceAsStream(dir + name + ".json")) {
            if (in == null) {
                // A missing fixture must fail, not skip: a parity test that silently checks nothing is worse than none.
                return fail("fixture " + dir + name + ".json is not on the test classpath; regenerate it with " + regenerate);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            return fail("fixture " + dir + name + ".json is unreadable: " + e.getMessage(), e);
        }
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node.asDouble());
        }
    }

    static double[] values(JsonNode node) {
        List<Double> list = new ArrayList<>();
        flatten(node, list);
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static Shape shape(JsonNode node) {
        List<Long> dims = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.get(0)) {
            dims.add((long) n.size());
        }
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    static NDArray floats(NDManager m, JsonNode node) {
        double[] v = values(node);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return m.create(f, shape(node));
    }

    static NDArray longs(NDManager m, JsonNode node) {
        return m.create(java.util.Arrays.stream(values(node)).mapToLong(d -> (long) d).toArray());
    }

    /** The largest differences seen in one fixture, for the report. */
    static final class Agreement {
        double maxRel;
        double maxRelToScale;

        void check(double[] expected, float[] actual, String what) {
            assertEquals(expected.length, actual.length, what + ": length");
            double peak = 0;
            for (double e : expected) {
                peak = Math.max(peak, Math.abs(e));
            }
            for (int i = 0; i < expected.length; i++) {
                double diff = Math.abs(actual[i] - expected[i]);
                double scale = Math.max(Math.abs(expected[i]), FLOOR_FRACTION * peak);
                if (diff > 0) {
                    maxRel = Math.max(maxRel, diff / Math.abs(expected[i]));
                    maxRelToScale = Math.max(maxRelToScale, diff / scale);
                }
                if (!(diff <= RELATIVE * scale)) {
                    fail(String.format("%s[%d]: PyTorch %.9g, kdlab %.9g, |diff| %.3g = %.3g of the scale %.6g (limit %.0e)",
                            what, i, expected[i], actual[i], diff, diff / scale, scale, RELATIVE));
                }
            }
        }
    }

    /** Runs {@code loss} on a student array that records its gradient; checks value and gradient. */
    static void checkCase(NDManager m, JsonNode fixture, JsonNode studentNode, double value, JsonNode gradient,
            Function<NDArray, NDArray> loss, Agreement agreement, String what) {
        checkCase(m, value, List.of(new Trained("student", studentNode, gradient)), in -> loss.apply(in.get(0)), agreement, what);
    }

    /** One trained input of a fixture: its name in the messages, its values and PyTorch's gradient for it. */
    record Trained(String name, JsonNode values, JsonNode gradient) {}

    /**
     * Runs {@code loss} on several arrays that record their gradients (in the order given), in one backward pass;
     * checks the value and each gradient.
     */
    static void checkCase(NDManager m, double value, List<Trained> trained, Function<List<NDArray>, NDArray> loss,
            Agreement agreement, String what) {
        List<NDArray> inputs = new ArrayList<>();
        for (Trained t : trained) {
            NDArray a = floats(m, t.values());
            a.setRequiresGradient(true);
            inputs.add(a);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.apply(inputs);
            assertEquals(new Shape(), l.getShape(), what + ": a scalar");
            agreement.check(new double[] {value}, new float[] {l.getFloat()}, what + " value");
            // A collection between the passes must not change the gradient (DJL's op(Number) once made it garbage).
            java.util.List<java.nio.ByteBuffer> reused = FreedMemory.reuse();
            collector.backward(l);
            assertEquals(false, reused.isEmpty());
        }
        for (int i = 0; i < trained.size(); i++) {
            agreement.check(values(trained.get(i).gradient()), inputs.get(i).getGradient().toFloatArray(),
                    what + " gradient w.r.t. the " + trained.get(i).name());
        }
    }
}
