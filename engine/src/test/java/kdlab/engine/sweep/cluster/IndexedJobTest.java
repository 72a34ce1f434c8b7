package kdlab.engine.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Indexed Job manifest, read back as YAML: what Kubernetes would see. */
class IndexedJobTest {
    private static final ArrayJob JOB = new ArrayJob(Path.of("/runs/studies/noise.yaml"), Path.of("/runs/noise sweep"), "smoke", List.of("data=/runs/data one"), 6, 2);

    @Test
    void writesAnIndexedJobWhosePodsRunTheirShard() throws Exception {
        IndexedJob ij = new IndexedJob(JOB, IndexedJob.label("noise sweep"), "ghcr.io/example/kdlab:1", 3, "kdlab-runs", "/runs");
        JsonNode m = new YAMLMapper().readTree(ij.yaml());
        assertEquals("batch/v1", m.at("/apiVersion").asText());
        assertEquals("Job", m.at("/kind").asText());
        assertEquals("kdlab-noise-sweep", m.at("/metadata/name").asText());
        assertEquals("Indexed", m.at("/spec/completionMode").asText());
        assertEquals(6, m.at("/spec/completions").asInt());
        assertEquals(3, m.at("/spec/parallelism").asInt());
        assertEquals("Never", m.at("/spec/template/spec/restartPolicy").asText());
        JsonNode c = m.at("/spec/template/spec/containers/0");
        assertEquals("ghcr.io/example/kdlab:1", c.at("/image").asText());
        assertEquals("2", c.at("/resources/requests/cpu").asText());
        assertEquals(List.of("sh", "-c",
                "exec kdlab sweep run /runs/studies/noise.yaml --out '/runs/noise sweep' --scale smoke --set 'data=/runs/data one' --threads 2 --shard \"${JOB_COMPLETION_INDEX}/6\""),
                List.of(c.at("/command/0").asText(), c.at("/command/1").asText(), c.at("/command/2").asText()));
        assertEquals(3, c.at("/command").size());
        assertEquals("runs", c.at("/volumeMounts/0/name").asText());
        assertEquals("/runs", c.at("/volumeMounts/0/mountPath").asText());
        assertEquals("runs", m.at("/spec/template/spec/volumes/0/name").asText());
        assertEquals("kdlab-runs", m.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText());
    }

    @Test
    void theShellExpandsTheIndexIntoAShard() throws Exception {
        IndexedJob ij = new IndexedJob(JOB, "x", "img", 6, "c", "/runs");
        // The pod's shell, with echo in place of kdlab: the index must expand, the quoted directory stay one word.
        ProcessBuilder p = new ProcessBuilder("sh", "-c", "set -- " + ij.shellCommand().substring("exec kdlab ".length()) + "; for a; do echo \"[$a]\"; done")
                .redirectErrorStream(true);
        p.environment().put(IndexedJob.INDEX, "4");
        String out = new String(p.start().getInputStream().readAllBytes());
        assertTrue(out.contains("[--out]\n[/runs/noise sweep]\n"), out);
        assertTrue(out.endsWith("[--shard]\n[4/6]\n"), out);
    }

    @Test
    void labelsAreDnsLabels() {
        assertEquals("kdlab-hong-noise-smoke", IndexedJob.label("Hong_Noise.smoke"));
        assertEquals(63, IndexedJob.label("x".repeat(100)).length());
    }
}
