package kdlab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kdlab.engine.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridBuilderTest {
    @TempDir
    Path dir;

    private SweepFile sweep(String... lines) throws IOException {
        Files.writeString(dir.resolve("exp.yaml"), "model: mlp:8\n");
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return SweepFile.read(f);
    }

    @Test
    void theGridIsTheProductOfTheAxesFirstSlowestSeedsLastWithOverridesInOrder() throws IOException {
        SweepFile s = sweep("experiment: exp.yaml", "set: [epochs=5]", "axes:", "  noise.spec: [gaussian:0.5, gaussian:1.0]",
                "  method: {base: [objective.fm.weight=0], st: []}", "seeds: [0, 7]");
        Grid g = GridBuilder.build(s, null, dir.resolve("exp.yaml"), List.of());
        assertEquals(List.of("noise.spec", "method", "seed"), g.axes());
        assertEquals(8, g.cells().size());
        SweepCell c = g.cells().get(3);
        assertEquals(3, c.index());
        assertEquals(Map.of("noise.spec", "gaussian:0.5", "method", "st", "seed", "7"), c.values());
        assertEquals("noise.spec=gaussian:0.5,method=st,seed=7", c.name());
        assertEquals(List.of("epochs=5", "noise.spec=gaussian:0.5", "seed=7"), c.sets());
        assertEquals(List.of("epochs=5", "noise.spec=gaussian:1.0", "objective.fm.weight=0", "seed=0"), g.cells().get(4).sets());
        assertEquals("kdlab train --config " + dir.resolve("exp.yaml") + " --set epochs=5 --set noise.spec=gaussian:1.0 --set objective.fm.weight=0 --set seed=0"
                + " --out cells/noise.spec=gaussian:1.0,method=base,seed=0", g.cells().get(4).command());
    }

    @Test
    void aScaleAddsItsOverridesAfterTheSweepsAndReplacesSeedsAndAxes() throws IOException {
        SweepFile s = sweep("experiment: exp.yaml", "set: [epochs=5]", "axes: {lr: [0.1, 0.2]}", "seeds: [0, 1, 2]",
                "scales:", "  smoke: {set: [epochs=1], seeds: [0]}", "  full: {axes: {lr: [0.1, 0.2, 0.4]}}");
        Grid smoke = GridBuilder.build(s, "smoke", dir.resolve("exp.yaml"), List.of());
        assertEquals(2, smoke.cells().size());
        assertEquals(List.of("epochs=5", "epochs=1", "lr=0.1", "seed=0"), smoke.cells().get(0).sets());
        assertEquals(9, GridBuilder.build(s, "full", dir.resolve("exp.yaml"), List.of()).cells().size());
        UsageException none = assertThrows(UsageException.class, () -> GridBuilder.build(s, null, dir.resolve("exp.yaml"), List.of()));
        assertTrue(none.getMessage().endsWith("the sweep has scales [smoke, full]; choose one with --scale"), none.getMessage());
        UsageException bad = assertThrows(UsageException.class, () -> GridBuilder.build(s, "huge", dir.resolve("exp.yaml"), List.of()));
        assertTrue(bad.getMessage().contains("--scale huge: expected one of the file's scales [smoke, full], found 'huge'"), bad.getMessage());
    }

    @Test
    void shardsCoverEveryCellExactlyOnceWhateverTheirNumber() throws IOException {
        SweepFile s = sweep("experiment: exp.yaml", "axes: {a: [1, 2, 3], b: [x, y]}", "seeds: [0, 1]");
        Grid g = GridBuilder.build(s, null, dir.resolve("exp.yaml"), List.of());
        assertEquals(12, g.cells().size());
        for (int n = 1; n <= 15; n++) {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Shard shard = new Shard(i, n);
                g.cells().stream().filter(c -> shard.contains(c.index())).forEach(c -> seen.add(c.index()));
            }
            seen.sort(null);
            assertEquals(java.util.stream.IntStream.range(0, 12).boxed().toList(), seen, "N = " + n);
        }
    }

    @Test
    void namesComeFromValuesAloneAndChangedNamesCarryAHash() {
        assertEquals("a=1,seed=0", CellNames.of(orderedOf("a", "1", "seed", "0")));
        assertEquals("noise=gaussian:1.0", CellNames.of(orderedOf("noise", "gaussian:1.0")));
        String slash = CellNames.of(orderedOf("teacher", "runs/a"));
        String plain = CellNames.of(orderedOf("teacher", "runs_a"));
        assertTrue(slash.startsWith("teacher=runs_a~"), slash);
        assertEquals("teacher=runs_a", plain);
        String long1 = CellNames.of(orderedOf("x", "v".repeat(200)));
        assertEquals(CellNames.MAX, long1.length());
        assertEquals("run", CellNames.of(Map.of()));
    }

    private static Map<String, String> orderedOf(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void shardsAreCheckedAndParsed() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        assertEquals("--shard: expected I/N with N >= 1 and 0 <= I < N, found 4/4", assertThrows(UsageException.class, () -> Shard.parse("4/4")).getMessage());
        assertEquals("--shard: expected I/N (e.g. 0/4), found '3'", assertThrows(UsageException.class, () -> Shard.parse("3")).getMessage());
        assertEquals("--shard: expected I/N with integers (e.g. 0/4), found 'a/b'", assertThrows(UsageException.class, () -> Shard.parse("a/b")).getMessage());
    }

    @Test
    void badSweepFilesGetOneLineNamingTheKey() throws IOException {
        assertEquals(dir.resolve("sweep.yaml") + ": unknown key 'axis'; known keys: axes, claims, description, experiment, plots, scales, seeds, set",
                assertThrows(UsageException.class, () -> sweep("experiment: exp.yaml", "axis: {a: [1]}")).getMessage());
        assertEquals(dir.resolve("sweep.yaml") + ": axes.a: expected a list of values or a mapping of labels to override lists, found 3",
                assertThrows(UsageException.class, () -> sweep("experiment: exp.yaml", "axes: {a: 3}")).getMessage());
        assertEquals(dir.resolve("sweep.yaml") + ": seeds: expected integer seeds, found 'x'",
                assertThrows(UsageException.class, () -> sweep("experiment: exp.yaml", "seeds: [0, x]")).getMessage());
        assertEquals(dir.resolve("sweep.yaml") + ": set: expected PATH=VALUE (e.g. epochs=5), found 'epochs'",
                assertThrows(UsageException.class, () -> sweep("experiment: exp.yaml", "set: [epochs]")).getMessage());
        assertTrue(assertThrows(UsageException.class, () -> sweep("experiment: nope.yaml")).getMessage()
                .startsWith(dir.resolve("sweep.yaml") + ": experiment: expected an experiment file, found no file "));
        assertEquals(dir.resolve("sweep.yaml") + ": axes.seed: seeds are their own key (seeds: [0, 1, 2]), not an axis",
                assertThrows(UsageException.class, () -> sweep("experiment: exp.yaml", "axes: {seed: [1, 2]}")).getMessage());
    }
}
