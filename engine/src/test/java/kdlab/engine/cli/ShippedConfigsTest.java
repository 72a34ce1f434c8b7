package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.TermSetting;
import kdlab.engine.objective.TermRegistry;
import kdlab.engine.run.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every experiment in {@code configs/} runs end to end, inline teacher first, on an IDX directory the test
 * writes, shrunk with the {@code --set} overrides the README documents; every registered term type is used by
 * a shipped config and has a PyTorch parity fixture.
 */
class ShippedConfigsTest {
    @TempDir
    static Path dir;

    private static Path idx;

    @BeforeAll
    static void writeData() throws IOException {
        idx = dir.resolve("idx");
        LegacyImageData.write(idx);
    }

    /** The repository's configs/ directory, found from the module's working directory. */
    static Path configs() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("configs/hong.yaml"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "configs/hong.yaml not found above " + Path.of("").toAbsolutePath());
        return p.resolve("configs");
    }

    static Stream<String> shipped() throws IOException {
        try (Stream<Path> s = Files.list(configs())) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theIssueConfigsAreShipped() throws IOException {
        assertTrue(shipped().toList().containsAll(List.of("hong.yaml", "kd.yaml", "fitnets.yaml", "at.yaml", "privileged.yaml")), shipped().toList().toString());
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void runsShrunkOnAnyIdxDirectory(String name) throws IOException {
        Path out = dir.resolve("run-" + name);
        Experiment shipped = Experiments.read(configs().resolve(name), List.of());
        // A config on generated data (its own regression set) keeps it; every image config takes any IDX directory.
        boolean own = shipped.data().startsWith("synthetic:");
        String data = own ? shipped.data() : idx.toString();
        String resolved = kdlab.datasets.DataSources.parse(data).spec();
        boolean inline = shipped.teacher() != null && shipped.teacher().isInline();
        List<String> args = new java.util.ArrayList<>(List.of("train", "--config", configs().resolve(name).toString(), "--set", "data=" + data,
                "--set", "epochs=1", "--set", "train_size=48", "--device", "cpu", "--out", out.toString()));
        if (inline) {
            args.addAll(List.of("--set", "teacher.epochs=1", "--set", "teacher.train_size=48"));
        }
        CliRunner.Outcome o = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.err());
        JsonNode config = Json.MAPPER.readTree(out.resolve("config.json").toFile());
        assertEquals(resolved, config.get("data").asText());
        if (inline) {
            assertEquals(resolved, config.at("/teacher/data").asText(), "the inline teacher uses the experiment's data");
            assertEquals(48, config.at("/teacher/train_size").asInt());
            assertTrue(Files.isRegularFile(out.resolve("teacher/summary.json")), "the inline teacher was trained into RUN/teacher");
        }
        String header = Files.readAllLines(out.resolve("metrics.csv")).get(0);
        for (TermSetting t : shipped.objective().terms()) {
            assertTrue(header.contains("," + t.name() + ","), header);
        }
        assertTrue(Files.isRegularFile(out.resolve("summary.json")));
    }

    /** A run's config.json is its resolved experiment: training it again, inline teacher included, repeats the run. */
    @Test
    void aRunsConfigRepeatsTheWholeDistillation() throws IOException {
        Path first = dir.resolve("first-fitnets");
        CliRunner.Outcome o = CliRunner.run("train", "--config", configs().resolve("fitnets.yaml").toString(), "--set", "data=" + idx, "--set", "epochs=2",
                "--set", "teacher.epochs=1", "--set", "train_size=48", "--set", "teacher.train_size=48", "--device", "cpu", "--out", first.toString());
        assertEquals(0, o.exitCode(), o.err());
        Path again = dir.resolve("again-fitnets");
        CliRunner.Outcome r = CliRunner.run("train", "--config", first.resolve("config.json").toString(), "--device", "cpu", "--out", again.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(Files.readString(first.resolve("config.json")), Files.readString(again.resolve("config.json")));
        RunFiles.assertSameRun(first.resolve("teacher"), again.resolve("teacher"));
        RunFiles.assertSameRun(first, again);
    }

    @Test
    void everyRegisteredTermHasAShippedConfigAndAFixture() throws IOException {
        Set<String> inConfigs = new TreeSet<>();
        for (String name : shipped().toList()) {
            Experiment e = Experiments.read(configs().resolve(name), List.of());
            e.objective().terms().forEach(t -> inConfigs.add(t.type()));
            if (e.teacher() != null && e.teacher().isInline() && e.teacher().inline().objective() != null) {
                e.teacher().inline().objective().terms().forEach(t -> inConfigs.add(t.type()));
            }
        }
        Set<String> inFixtures = new TreeSet<>();
        Path fixtures = Path.of("src/test/resources/fixtures/terms");
        try (Stream<Path> s = Files.list(fixtures)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                inFixtures.add(Json.MAPPER.readTree(f.toFile()).get("term").asText());
            }
        }
        assertFalse(inFixtures.isEmpty(), "no fixtures under " + fixtures.toAbsolutePath());
        for (String type : TermRegistry.types()) {
            assertTrue(inConfigs.contains(type), "term type " + type + " is in no config under configs/: " + inConfigs);
            assertTrue(inFixtures.stream().anyMatch(f -> f.equals(type) || f.startsWith(type + "_")),
                    "term type " + type + " has no parity fixture (a fixture's \"term\" is the type, or TYPE_variant): " + inFixtures);
        }
    }
}
