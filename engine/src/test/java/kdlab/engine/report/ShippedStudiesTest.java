package kdlab.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every claim and plot of the shipped study files is one the report can read: known test or kind, known keys. */
class ShippedStudiesTest {
    static final Path STUDIES = Path.of("..", "studies");

    @Test
    void everyShippedClaimAndPlotReads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(STUDIES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no study files in " + STUDIES.toAbsolutePath());
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        int claims = 0;
        int plots = 0;
        for (Path f : files) {
            JsonNode tree = yaml.readTree(f.toFile());
            for (JsonNode c : tree.path("claims")) {
                if (ClaimTests.DECIDED_BY_ANALYSIS.equals(c.path("test").asText())) {
                    String study = f.getFileName().toString().replace(".yaml", "");
                    assertTrue(kdlab.engine.study.Studies.named(study).analysis() != null, f + ": claim " + c.path("id").asText()
                            + " is left to the study's analysis, and the study has none");
                    assertTrue(c.path("rule").isTextual() && !c.path("claim").asText().isBlank(), f + ": an analysis claim states its claim and rule in words");
                    continue;
                }
                ClaimSpec spec = ClaimSpec.parse(c, f + " claims");
                ClaimTest test = ClaimTests.TESTS.get(spec.test());
                assertTrue(test != null, f + ": claim " + spec.id() + " has test " + spec.test());
                Set<String> allowed = new HashSet<>(ClaimSpec.COMMON);
                allowed.addAll(test.keys());
                spec.checkKeys(allowed);
                claims++;
            }
            for (JsonNode p : tree.path("plots")) {
                PlotSpec spec = PlotSpec.parse(p, f + " plots");
                assertTrue(PlotKinds.KINDS.containsKey(spec.kind()), f + ": plot " + spec.name() + " has kind " + spec.kind());
                plots++;
            }
        }
        assertTrue(claims > 0 && plots > 0, "claims " + claims + ", plots " + plots);
        assertEquals(files.size(), files.stream().distinct().count());
    }
}
