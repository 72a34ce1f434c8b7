package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one run directory: while a training process (a child JVM, paused mid-epoch) owns
 * {@code --out}, a second kdlab — plain, {@code --overwrite} or {@code --resume} — exits 2 naming the
 * owner's PID and leaves every file as it was. After the owner is killed, its lock is taken over and the
 * run resumes.
 */
class RunLockTest {
    static final String DATA = "synthetic:relu-teacher,n=600,test=100,d=12,classes=3";

    @TempDir
    Path dir;

    private static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train-teacher", "--data", DATA, "--model", "mlp:16", "--epochs", "3", "--batch-size", "32",
                "--checkpoint-every", "5", "--seed", "2", "--device", "cpu", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), java.util.Arrays.toString(Files.readAllBytes(p)) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    @Test
    void aSecondProcessIsRefusedWhileTheOwnerTrainsAndTakesOverAfterItDies() throws Exception {
        Path out = dir.resolve("run");
        KdlabProcess owner = KdlabProcess.start(List.of("-Dkdlab.faultinject=pause-at-step:22"), args(out));
        owner.awaitLine("paused at step 22", 60);
        Map<String, String> before = snapshot(out);
        assertTrue(before.containsKey("checkpoints/last.ckpt"), before.toString());
        for (String[] extra : new String[][] {{}, {"--overwrite"}, {"--resume"}}) {
            CliRunner.Outcome o = CliRunner.run(args(out, extra));
            assertEquals(2, o.exitCode(), String.join(" ", extra) + ": " + o.err());
            assertTrue(o.err().contains("another kdlab process (PID " + owner.pid() + ") is training in this directory"), o.err());
            assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
            assertEquals(before, snapshot(out), "nothing in the run changed (" + String.join(" ", extra) + ")");
        }
        owner.sigkill();
        assertEquals(137, owner.waitFor(30));
        CliRunner.Outcome resumed = CliRunner.run(args(out, "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("taking over the lock of PID " + owner.pid() + ", which is no longer running"), resumed.err());
        assertTrue(resumed.err().contains("resuming after 20 steps"), resumed.err());
        CliRunner.Outcome again = CliRunner.run(args(out, "--overwrite"));
        assertEquals(0, again.exitCode(), "a released lock does not block the next run: " + again.err());
    }
}
