package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kdlab.engine.sweep.Grid;
import kdlab.engine.sweep.SweepCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kdlab sweep run / status in-process on a tiny grid: every cell once, a second run touches nothing, shards
 * give the same cells as one process, another grid in the same directory is refused.
 */
class SweepCommandTest {
    @TempDir
    Path dir;

    /** Four cells (method x seed) of a small student with an inline teacher, on generated data. */
    static Path tinySweep(Path dir) throws IOException {
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, String.join("\n",
                "experiment:",
                "  data: synthetic:relu-teacher,n=400,test=100",
                "  model: mlp:16",
                "  epochs: 3",
                "  train_size: 48",
                "  validation_size: 16",
                "  noise: {spec: gaussian:0.5, mode: fixed}",
                "  teacher: {model: mlp:16, epochs: 1, train_size: 32, loop: {batch_size: 16}}",
                "  objective: {ce: 1, feature_match: {weight: 1, taps: [hidden1]}}",
                "  loop: {batch_size: 16}",
                "axes:",
                "  method: {baseline: [objective.feature_match.weight=0], st: []}",
                "seeds: [0, 1]",
                ""));
        return f;
    }

    @Test
    void everyCellRunsOnceAndASecondRunTouchesNothing() throws IOException {
        Path sweep = tinySweep(dir);
        Path out = dir.resolve("out");
        CliRunner.Outcome first = CliRunner.run("sweep", "run", sweep.toString(), "--out", out.toString(), "--device", "cpu");
        assertEquals(0, first.exitCode(), first.err());
        Grid grid = Grid.read(out);
        assertEquals(4, grid.cells().size());
        for (SweepCell c : grid.cells()) {
            assertTrue(Files.isRegularFile(Grid.runOf(out, c).resolve("summary.json")), c.name());
        }
        // One teacher per seed: the two methods of a seed share it.
        try (Stream<Path> t = Files.list(out.resolve("teachers"))) {
            assertEquals(2, t.count());
        }
        Map<Path, FileTime> before = mtimes(out.resolve("cells"));
        CliRunner.Outcome second = CliRunner.run("sweep", "run", sweep.toString(), "--out", out.toString(), "--device", "cpu");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("4 already done, 0 run now"), second.err());
        assertEquals(before, mtimes(out.resolve("cells")));

        CliRunner.Outcome status = CliRunner.run("sweep", "status", out.toString());
        assertEquals(0, status.exitCode());
        assertTrue(status.out().contains("4 cells: 4 done, 0 running, 0 failed, 0 pending"), status.out());
    }

    @Test
    void twoShardsGiveTheSameCellsAndTheSameReportAsOneProcess() throws IOException {
        Path sweep = tinySweep(dir);
        // Same folder name in two places, as the same sweep directory on one machine and on a cluster's shared disk.
        Path one = dir.resolve("machine").resolve("sweep");
        Path two = dir.resolve("cluster").resolve("sweep");
        assertEquals(0, CliRunner.run("sweep", "run", sweep.toString(), "--out", one.toString(), "--device", "cpu").exitCode());
        CliRunner.Outcome a = CliRunner.run("sweep", "run", sweep.toString(), "--out", two.toString(), "--device", "cpu", "--shard", "1/2");
        assertEquals(0, a.exitCode(), a.err());
        assertTrue(a.err().contains("4 cells, 2 in shard 1/2"), a.err());
        assertFalse(Files.exists(two.resolve("cells/method=baseline,seed=0/summary.json")), "shard 1/2 ran a cell of shard 0/2");
        assertEquals(0, CliRunner.run("sweep", "run", sweep.toString(), "--out", two.toString(), "--device", "cpu", "--shard", "0/2").exitCode());
        for (SweepCell c : Grid.read(one).cells()) {
            Path x = Grid.runOf(one, c);
            Path y = Grid.runOf(two, c);
            assertEquals(RunFiles.metricsWithoutTiming(x), RunFiles.metricsWithoutTiming(y), c.name());
            assertArrayEquals(Files.readAllBytes(x.resolve("checkpoints/last.ckpt")), Files.readAllBytes(y.resolve("checkpoints/last.ckpt")), c.name());
            assertEquals(RunFiles.summaryWithoutTiming(x), RunFiles.summaryWithoutTiming(y), c.name());
        }
        Path reportOne = dir.resolve("report-one");
        Path reportTwo = dir.resolve("report-two");
        assertEquals(0, CliRunner.run("report", one.toString(), "--out", reportOne.toString()).exitCode());
        assertEquals(0, CliRunner.run("report", two.toString(), "--out", reportTwo.toString()).exitCode());
        for (String f : List.of("results.csv", "summary.csv", "report.md")) {
            assertEquals(Files.readString(reportOne.resolve(f)).replace(one.toString(), "DIR"), Files.readString(reportTwo.resolve(f)).replace(two.toString(), "DIR"), f);
        }
        assertEquals(5, Files.readAllLines(reportOne.resolve("results.csv")).size(), "a header and 4 cells");
    }

    @Test
    void jobsRunCellsInWorkerProcessesThatShareTheThreads() throws IOException {
        Path sweep = tinySweep(dir);
        Path out = dir.resolve("jobs");
        CliRunner.Outcome o = CliRunner.run("sweep", "run", sweep.toString(), "--out", out.toString(), "--device", "cpu", "--jobs", "2", "--threads", "2");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("2 worker processes, 1 threads each"), o.err());
        for (SweepCell c : Grid.read(out).cells()) {
            Path run = Grid.runOf(out, c);
            assertTrue(Files.isRegularFile(run.resolve("summary.json")), c.name());
            assertTrue(Files.readString(run.resolve("manifest.json")).contains("\"threads\" : \"1 (--threads)\""), c.name());
        }
        CliRunner.Outcome status = CliRunner.run("sweep", "status", out.toString());
        assertTrue(status.out().contains("4 cells: 4 done"), status.out());
    }

    @Test
    void anotherGridInTheSameDirectoryAndBadInputAreRefusedWithOneLine() throws IOException {
        Path sweep = tinySweep(dir);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("grid.json"), "{\"sweep\": \"other.yaml\", \"axes\": [], \"cells\": []}");
        CliRunner.Outcome other = CliRunner.run("sweep", "run", sweep.toString(), "--out", out.toString());
        assertEquals(2, other.exitCode());
        assertEquals("kdlab: --out " + out + ": the directory holds another sweep's grid (other.yaml, 0 cells); choose another --out", other.err().trim());

        Path stray = dir.resolve("stray");
        Files.createDirectories(stray);
        Files.writeString(stray.resolve("notes.txt"), "mine");
        CliRunner.Outcome notSweep = CliRunner.run("sweep", "run", sweep.toString(), "--out", stray.toString());
        assertEquals(2, notSweep.exitCode());
        assertTrue(notSweep.err().contains("expected a new or empty directory or a sweep directory (with grid.json), found other files"), notSweep.err());

        Path badSet = dir.resolve("bad.yaml");
        Files.writeString(badSet, Files.readString(sweep).replace("seeds: [0, 1]", "seeds: [0, 1]\nset: [epochs=many]"));
        CliRunner.Outcome bad = CliRunner.run("sweep", "run", badSet.toString(), "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().trim().lines().count() == 1 && bad.err().contains("epochs: expected an integer, found 'many'"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")), "a refused sweep wrote its directory");

        CliRunner.Outcome noGrid = CliRunner.run("sweep", "status", dir.toString());
        assertEquals(2, noGrid.exitCode());
        assertEquals("kdlab: " + dir + ": expected a sweep directory with grid.json, found none", noGrid.err().trim());
    }

    static Map<Path, FileTime> mtimes(Path root) throws IOException {
        Map<Path, FileTime> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p), Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
