package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code kdlab bench} on both reference workloads, shrunk to a few steps: it ends with the machine-readable
 * line, says whether the teacher was cached, and turns bad flags into one line and exit code 2.
 */
class BenchCommandTest {
    private static final Pattern LAST = Pattern.compile("samples_per_s=(\\d+\\.\\d) gemm_fraction=(\\d+\\.\\d{3})");

    private static String lastLine(String out) {
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void mlpWorkloadEndsWithItsFigures() {
        CliRunner.Outcome o = CliRunner.run("bench", "st-mlp", "--width", "32", "--samples", "512", "--batch", "64", "--gemm-rounds", "1", "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        Matcher m = LAST.matcher(lastLine(o.out()));
        assertTrue(m.matches(), o.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(2)) > 0, o.out());
        assertTrue(o.out().contains("model mlp:32,32, batch 64, 512 examples an epoch"), o.out());
        assertTrue(o.out().contains("teacher cache: 512 examples"), o.out());
        assertTrue(o.err().contains("epoch 2 (timed)"), o.err());
    }

    @Test
    void resnetWorkloadWithTheCacheOffRunsTheTeacher() {
        CliRunner.Outcome o = CliRunner.run("bench", "st-resnet20", "--samples", "64", "--batch", "32", "--gemm-rounds", "1", "--teacher-cache", "off",
                "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(LAST.matcher(lastLine(o.out())).matches(), o.out());
        assertTrue(o.out().contains("teacher cache: off"), o.out());
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        CliRunner.Outcome unknown = CliRunner.run("bench", "st-vit");
        assertEquals(2, unknown.exitCode());
        assertEquals("kdlab: bench: expected a workload among [st-mlp, st-resnet20], found 'st-vit'", unknown.err().strip());
        CliRunner.Outcome width = CliRunner.run("bench", "st-resnet20", "--width", "64");
        assertEquals(2, width.exitCode());
        assertTrue(width.err().strip().startsWith("kdlab: --width: applies to the MLP workload"), width.err());
        CliRunner.Outcome cache = CliRunner.run("bench", "--teacher-cache", "big");
        assertEquals(2, cache.exitCode());
        assertTrue(cache.err().contains("--teacher-cache: expected auto, off, or a budget in MiB"), cache.err());
        CliRunner.Outcome batch = CliRunner.run("bench", "--batch", "0");
        assertEquals(2, batch.exitCode());
        assertEquals("kdlab: --batch: expected a whole number of at least 1, found 0", batch.err().strip());
    }
}
