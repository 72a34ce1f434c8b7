package kdlab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kdlab.engine.cli.Main;
import kdlab.engine.run.RunLock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kdlab sweep slurm} against a real single-node Slurm started on this machine by
 * {@code scripts/slurm-local}: a 4-cell grid submitted as a 4-task array; one array task is cancelled with
 * {@code scancel JOB_TASK} while its cell trains; the array ends; the same command submits it again; then every
 * cell is done, the cancelled cell resumed to exactly the run a straight, uninterrupted run gives, and the cells
 * that had finished were skipped with their files untouched.
 *
 * <p>Without Slurm installed the test fails, naming the packages; {@code -Dkdlab.slurm.test=off} turns it into
 * a skip with that reason. The cluster is always stopped: in {@code finally}, by a shutdown hook if the JVM is
 * stopped first, and by {@code .ci/run}'s trap, which stops every state directory listed in
 * {@value #STATES}.
 *
 * <p>Sizes: 4 cells of a 64-64 MLP, 20 epochs over 1,500 synthetic examples, about 0.25 s an epoch on one
 * thread; 1 CPU per task, so two tasks run at once on a 2-core machine. About 40 s in all.
 */
class SlurmIntegrationTest {
    /** Where the test lists its cluster's state directory for {@code .ci/run}'s trap. */
    static final String STATES = "/tmp/kdlab-slurm-states";
    private static final String INSTALL = "apt-get install --no-install-recommends munge slurmctld slurmd slurm-client";
    private static final Path SCRIPT = Path.of("..", "scripts", "slurm-local").toAbsolutePath().normalize();
    private static final int EPOCHS = 20;

    @TempDir
    Path dir;

    @Test
    void aCancelledArrayTaskResumesWhenTheArrayIsSubmittedAgainAndNoCellRunsTwice() throws Exception {
        requireSlurm();
        Path state = dir.resolve("slurm");
        Files.writeString(Path.of(STATES), state + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread hook = new Thread(() -> stop(state));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Outcome up = exec(List.of(SCRIPT.toString(), "start", state.toString()), Map.of(), 90);
            assertEquals(0, up.code(), "slurm-local start:\n" + up.output());
            Map<String, String> env = Map.of("SLURM_CONF", state.resolve("slurm.conf").toString());
            Path sweep = writeSweep();
            Path out = dir.resolve("sweep");

            String first = submit(sweep, out, env);
            Grid grid = Grid.read(out);
            assertEquals(4, grid.cells().size());
            SweepCell victim = awaitTraining(out, grid, 90);
            Outcome cancel = exec(List.of("scancel", first + "_" + victim.index()), env, 30);
            assertEquals(0, cancel.code(), "scancel: " + cancel.output());
            awaitArrayEnd(first, env, 120);

            String taskState = exec(List.of("scontrol", "-o", "show", "job", first + "_" + victim.index()), env, 30).output();
            assertTrue(taskState.contains("JobState=CANCELLED"), taskState);
            Path victimRun = Grid.runOf(out, victim);
            assertFalse(Files.exists(victimRun.resolve("summary.json")),
                    "the cancelled cell finished before scancel reached it: nothing was tested; make the cells longer");
            assertTrue(Files.exists(victimRun.resolve("checkpoints/last.ckpt")), "the cancelled cell left a checkpoint to resume from");
            Map<String, Map<String, String>> finished = new TreeMap<>();
            for (SweepCell cell : grid.cells()) {
                if (cell != victim) {
                    assertTrue(Files.exists(Grid.runOf(out, cell).resolve("summary.json")), cell.name() + " finished in the first array");
                    finished.put(cell.name(), snapshot(Grid.runOf(out, cell)));
                }
            }

            String second = submit(sweep, out, env);
            awaitArrayEnd(second, env, 120);

            for (SweepCell cell : grid.cells()) {
                assertTrue(Files.exists(Grid.runOf(out, cell).resolve("summary.json")), cell.name() + " has its summary");
                assertFalse(RunLock.isHeld(Grid.runOf(out, cell)), cell.name() + " is not held");
                String manifest = Files.readString(Grid.runOf(out, cell).resolve("manifest.json"));
                assertTrue(manifest.contains("\"1 (SLURM_CPUS_PER_TASK)\""), cell.name() + ": the task's threads are the CPUs Slurm gave it: " + manifest);
                String log = Files.readString(out.resolve("slurm").resolve(second + "_" + cell.index() + ".out"));
                String expected = cell == victim ? "0 already done, 1 run now" : "1 already done, 0 run now";
                assertTrue(log.contains("[sweep] shard " + cell.index() + "/4: " + expected), cell.name() + ": " + log);
            }
            finished.forEach((name, files) -> {
                try {
                    assertEquals(files, snapshot(out.resolve(Grid.CELLS).resolve(name)), name + ": finished before the resubmission, untouched by it");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            assertSameAsStraightRun(out, victim);

            Outcome status = kdlab(List.of("sweep", "status", out.toString()), env);
            assertEquals(0, status.code(), status.output());
            assertTrue(status.output().contains("4 cells: 4 done, 0 running, 0 failed, 0 pending"), status.output());
        } finally {
            stop(state);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private static void requireSlurm() {
        if ("off".equals(System.getProperty("kdlab.slurm.test"))) {
            Assumptions.abort("kdlab.slurm.test=off: the Slurm integration test was switched off");
        }
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("munged", "slurmctld", "slurmd", "sbatch", "scancel", "squeue", "scontrol", "sinfo")) {
            if (Stream.of(System.getenv("PATH").split(":")).map(p -> Path.of(p, tool)).noneMatch(Files::isExecutable)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            fail("Slurm is not installed (" + String.join(", ", missing) + " not found): " + INSTALL
                    + " (as root), or run with -Dkdlab.slurm.test=off to skip this test");
        }
    }

    private Path writeSweep() throws IOException {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, String.join("\n",
                "experiment:",
                "  data: synthetic:relu-teacher,n=1500,test=100,d=12,classes=3",
                "  model: mlp:64,64",
                "  epochs: " + EPOCHS,
                "  loop: {batch_size: 16}",
                "seeds: [0, 1, 2, 3]",
                ""));
        return f;
    }

    /** {@code kdlab sweep slurm} in a child JVM, the only way to give sbatch this cluster's SLURM_CONF. */
    private static String submit(Path sweep, Path out, Map<String, String> env) throws Exception {
        Outcome o = kdlab(List.of("sweep", "slurm", sweep.toString(), "--out", out.toString(), "--threads", "1"), env);
        assertEquals(0, o.code(), o.output());
        List<String> ids = o.output().lines().map(String::strip).filter(l -> l.matches("[0-9]+")).toList();
        assertEquals(1, ids.size(), "one line with the job id: " + o.output());
        return ids.get(0);
    }

    /** @return a cell whose process holds its lock and has finished at least one epoch (so has a checkpoint) */
    private static SweepCell awaitTraining(Path out, Grid grid, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (SweepCell cell : grid.cells()) {
                Path run = Grid.runOf(out, cell);
                Path metrics = run.resolve("metrics.csv");
                if (!Files.exists(run.resolve("summary.json")) && RunLock.isHeld(run) && Files.exists(metrics)
                        && Files.readAllLines(metrics).size() > 2 && Files.exists(run.resolve("checkpoints/last.ckpt"))) {
                    return cell;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no cell was training after " + seconds + " s; " + Files.list(out.resolve("slurm")).toList());
    }

    private static void awaitArrayEnd(String job, Map<String, String> env, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String left = "";
        while (System.nanoTime() < deadline) {
            // squeue lists pending, running and completing tasks only; finished ones stay in scontrol for MinJobAge.
            Outcome q = exec(List.of("squeue", "-h", "-j", job, "-o", "%i %T"), env, 30);
            assertEquals(0, q.code(), q.output());
            left = q.output().strip();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + job + " still has tasks after " + seconds + " s: " + left);
    }

    /** The resumed cell against the same cell trained without interruption, here, on one thread. */
    private void assertSameAsStraightRun(Path out, SweepCell cell) throws IOException {
        Path straight = dir.resolve("straight");
        List<String> args = new ArrayList<>(List.of("train", "--config", out.resolve("experiment.yaml").toString(), "--device", "auto", "--threads", "1",
                "--out", straight.toString()));
        for (String set : cell.sets()) {
            args.addAll(List.of("--set", set));
        }
        assertEquals(0, Main.run(args.toArray(String[]::new)));
        Path resumed = Grid.runOf(out, cell);
        List<List<String>> rows = metricsWithoutTiming(resumed);
        assertEquals(metricsWithoutTiming(straight), rows, "metrics.csv: every epoch once, each as in the straight run");
        assertEquals(2 * EPOCHS, rows.size(), "a train and a validation row per epoch");
        assertArrayEquals(Files.readAllBytes(straight.resolve("checkpoints/last.ckpt")), Files.readAllBytes(resumed.resolve("checkpoints/last.ckpt")),
                "the final checkpoint, byte for byte");
    }

    private static List<List<String>> metricsWithoutTiming(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int seconds = List.of(lines.get(0).split(",")).indexOf("seconds");
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> row = new ArrayList<>(List.of(line.split(",", -1)));
            row.remove(seconds);
            rows.add(row);
        }
        return rows;
    }

    /** Every file of a run with its bytes' hash and modification time, the lock file aside (a visitor takes the lock). */
    private static Map<String, String> snapshot(Path run) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".kdlab.lock")).toList()) {
                files.put(run.relativize(p).toString(), java.util.Arrays.hashCode(Files.readAllBytes(p)) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    private static void stop(Path state) {
        try {
            Outcome o = exec(List.of(SCRIPT.toString(), "stop", state.toString()), Map.of(), 60);
            if (o.code() != 0) {
                System.err.println("slurm-local stop: " + o.output());
            }
        } catch (Exception e) {
            System.err.println("slurm-local stop failed: " + e);
        }
    }

    private record Outcome(int code, String output) {}

    private static Outcome kdlab(List<String> args, Map<String, String> env) throws Exception {
        return exec(SelfInvocation.command(args), env, 120);
    }

    private static Outcome exec(List<String> command, Map<String, String> env, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("kdlab-slurm-test", ".log");
        try {
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s:\n" + Files.readString(log));
            }
            return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
