package kdlab.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Parity of terms whose parts (regressors, connectors, paraphrasers) are DJL blocks: the term's own part is
 * built, its trainable parameters are set to the fixture's values in module order (PyTorch's order and
 * layouts), the term's maths runs on it, and the value and the gradients of the student's feature and of every
 * part parameter are checked against PyTorch's with {@link ParityFixtures.Agreement}.
 */
final class PartParity {
    private PartParity() {}

    /** A part and the fixture's parameters for it, in the part's parameter order. */
    record Part(Block block, Shape input, JsonNode params) {}

    /** @return the parameters a part trains (batch norm's running statistics are not), in module order */
    static List<Parameter> trainable(Block block) {
        List<Parameter> out = new ArrayList<>();
        block.getParameters().forEach(p -> {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        });
        return out;
    }

    /**
     * Initialises each part for its input and overwrites its trainable parameters with the fixture's.
     *
     * @param m the manager
     * @param parts the parts
     */
    static void load(NDManager m, List<Part> parts) {
        for (Part part : parts) {
            part.block().initialize(m, DataType.FLOAT32, part.input());
            List<Parameter> params = trainable(part.block());
            assertEquals(part.params().size(), params.size(), "trainable parameters of " + part.block());
            for (int i = 0; i < params.size(); i++) {
                JsonNode p = part.params().get(i);
                NDArray array = params.get(i).getArray();
                assertEquals(ParityFixtures.shape(p.get("value")), array.getShape(), p.get("name").asText() + ": shape");
                double[] v = ParityFixtures.values(p.get("value"));
                float[] f = new float[v.length];
                for (int k = 0; k < v.length; k++) {
                    f[k] = (float) v[k];
                }
                array.set(FloatBuffer.wrap(f));
            }
        }
    }

    /**
     * Runs {@code loss} (given the student's feature, which records its gradient, and a store for the parts) in
     * one backward pass and checks the value, the student's gradient (when {@code gradStudent} is not null) and
     * every part parameter's.
     */
    static void check(NDManager m, JsonNode studentNode, JsonNode gradStudent, double value, List<Part> parts,
            Function<NDArray, NDArray> loss, ParityFixtures.Agreement agreement, String what) {
        check(m, List.of(new ParityFixtures.Trained("student", studentNode, gradStudent)), value, parts, in -> loss.apply(in.get(0)), agreement, what);
    }

    /**
     * As {@link #check(NDManager, JsonNode, JsonNode, double, List, Function, ParityFixtures.Agreement, String)} with
     * several student features (each tap of a term), in the order given; a null gradient is not checked.
     */
    static void check(NDManager m, List<ParityFixtures.Trained> students, double value, List<Part> parts,
            Function<List<NDArray>, NDArray> loss, ParityFixtures.Agreement agreement, String what) {
        List<NDArray> inputs = new ArrayList<>();
        for (ParityFixtures.Trained t : students) {
            NDArray a = ParityFixtures.floats(m, t.values());
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
        for (int i = 0; i < students.size(); i++) {
            if (students.get(i).gradient() != null) {
                agreement.check(ParityFixtures.values(students.get(i).gradient()), inputs.get(i).getGradient().toFloatArray(),
                        what + " gradient w.r.t. the " + students.get(i).name());
            }
        }
        for (Part part : parts) {
            List<Parameter> params = trainable(part.block());
            double partPeak = 0;
            for (JsonNode p : part.params()) {
                for (double g : ParityFixtures.values(p.get("grad"))) {
                    partPeak = Math.max(partPeak, Math.abs(g));
                }
            }
            for (int i = 0; i < params.size(); i++) {
                JsonNode p = part.params().get(i);
                double[] expected = ParityFixtures.values(p.get("grad"));
                float[] actual = params.get(i).getArray().getGradient().toFloatArray();
                String name = what + " gradient w.r.t. " + p.get("name").asText();
                if (structurallyZero(expected, partPeak)) {
                    // A convolution's bias right before batch norm: the normalisation removes it, so its gradient is 0 in
                    // exact arithmetic and PyTorch's float64 gives ~1e-18; kdlab's float32 leaves the rounding of the
                    // terms that cancel, of the part's other gradients' size. Checked against that size instead.
                    for (int k = 0; k < actual.length; k++) {
                        assertTrue(Math.abs(actual[k]) <= ParityFixtures.RELATIVE * partPeak,
                                String.format("%s[%d]: PyTorch 0 (a gradient batch norm cancels), kdlab %.3g, above %.0e of the part's peak gradient %.3g",
                                        name, k, actual[k], ParityFixtures.RELATIVE, partPeak));
                    }
                } else {
                    agreement.check(expected, actual, name);
                }
            }
        }
    }

    /** @return whether every element is zero to float64 rounding beside the part's largest gradient */
    private static boolean structurallyZero(double[] expected, double partPeak) {
        for (double e : expected) {
            if (Math.abs(e) > 1e-12 * partPeak) {
                return false;
            }
        }
        return true;
    }

    /** @return a parameter store over the manager, as a step's, for running parts */
    static ParameterStore store(NDManager m) {
        return new ParameterStore(m, false);
    }
}
