package kdlab.engine.objective;

import static kdlab.engine.objective.ParityFixtures.checkCase;
import static kdlab.engine.objective.ParityFixtures.floats;
import static kdlab.engine.objective.ParityFixtures.longs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import kdlab.engine.objective.ParityFixtures.Agreement;
import kdlab.engine.objective.ParityFixtures.Trained;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CRD's loss against {@code crd_reference.py}, which computes it in float64 as RepDistiller does (gathered memory
 * rows times the embedding, Z from the batch where unset, the NCE loss of both sides) with a fixed memory,
 * fixed contrast indices and a fixed or unset Z: the value, Z, and the gradients w.r.t. the student's and the
 * teacher's penultimate features and both heads' weights and biases.
 */
class CrdParityTest {
    private static final String REGENERATE = "/usr/bin/python3 engine/src/test/python/crd_reference.py";

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.matMul(w.transpose()).add(b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"crd_bank_first_batch", "crd_bank_fixed_z", "crd_queue_k_over_q"})
    void matchesPyTorch(String name) {
        JsonNode f = ParityFixtures.load("/fixtures/terms/", name, REGENERATE);
        assertEquals("crd", f.get("term").asText());
        Agreement agreement = new Agreement();
        try (NDManager m = NDManager.newBaseManager()) {
            boolean queue = f.get("queue").asBoolean();
            float t = (float) f.get("temperature").asDouble();
            long n = f.get("samples").asLong();
            NDArray ms = floats(m, f.get("memory_student"));
            NDArray mt = floats(m, f.get("memory_teacher"));
            Shape idxShape = ParityFixtures.shape(f.get("indices"));
            NDArray idx = longs(m, f.get("indices")).reshape(idxShape);
            NDArray zIn = m.create(new float[] {(float) f.get("z_in").get(0).asDouble(), (float) f.get("z_in").get(1).asDouble()});
            List<Trained> trained = List.of(new Trained("student", f.get("student"), f.get("grad_student")),
                    new Trained("teacher", f.get("teacher"), f.get("grad_teacher")),
                    new Trained("student head weight", f.get("weight_s"), f.get("grad_weight_s")),
                    new Trained("student head bias", f.get("bias_s"), f.get("grad_bias_s")),
                    new Trained("teacher head weight", f.get("weight_t"), f.get("grad_weight_t")),
                    new Trained("teacher head bias", f.get("bias_t"), f.get("grad_bias_t")));
            checkCase(m, f.get("value").asDouble(), trained, in -> {
                NDArray vs = CrdTerm.embed(linear(in.get(0), in.get(2), in.get(3)));
                NDArray vt = CrdTerm.embed(linear(in.get(1), in.get(4), in.get(5)));
                NDArray[] out = queue ? CrdTerm.queueScores(vs, vt, ms, mt, idx, t) : CrdTerm.bankScores(vs, vt, ms, mt, idx, t);
                NDArray z = CrdTerm.normalisers(zIn, out[0], out[1], n);
                agreement.check(ParityFixtures.values(f.get("z")), z.toFloatArray(), name + " Z");
                return queue ? CrdTerm.queueLoss(vs, vt, ms, mt, idx, zIn, t, n) : CrdTerm.bankLoss(vs, vt, ms, mt, idx, zIn, t, n);
            }, agreement, name);
        }
        System.out.printf("%s: worst relative %.3g, worst relative to scale %.3g%n", name, agreement.maxRel, agreement.maxRelToScale);
    }
}
