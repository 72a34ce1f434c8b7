package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shipped study end to end through the CLI, shrunk by overrides onto a small written IDX directory: the
 * sweep's cells, then the report with its plots and a verdict for each of the study's claims.
 */
class StudyCommandTest {
    @TempDir
    Path dir;

    @Test
    void theNoiseStudyRunsEndToEndAndEndsWithAVerdictPerClaim() throws Exception {
        Path idx = dir.resolve("idx");
        LegacyImageData.write(idx);
        Path out = dir.resolve("study");
        CliRunner.Outcome o = CliRunner.run("study", "hong-noise", "--scale", "smoke", "--out", out.toString(), "--data", idx.toString(), "--device", "cpu",
                "--set", "model=mlp:16,16", "--set", "teacher.model=mlp:16,16", "--set", "epochs=2", "--set", "teacher.epochs=1", "--set", "train_size=60",
                "--set", "loop.early_stop=0");
        assertEquals(0, o.exitCode(), o.err());
        Path report = out.resolve("report");
        String md = Files.readString(report.resolve("report.md"));
        for (String claim : List.of("st-helps-gaussian-0.5", "st-helps-gaussian-1.0", "st-helps-poisson-1")) {
            assertTrue(md.lines().anyMatch(l -> l.contains(claim) && (l.contains("| holds |") || l.contains("| does not hold |") || l.contains("| inconclusive |"))),
                    "no verdict line for " + claim + " in\n" + md);
            assertTrue(o.err().contains(claim), o.err());
        }
        assertTrue(Files.size(report.resolve("plots/noise.png")) > 1000);
        assertTrue(Files.readString(report.resolve("plots/noise.svg")).contains("<svg"));
        List<String> rows = Files.readAllLines(report.resolve("results.csv"));
        assertEquals(1 + 18, rows.size(), "a header and 3 noises x 2 methods x 3 seeds");
        assertTrue(rows.stream().skip(1).allMatch(r -> r.endsWith(",done")), String.join("\n", rows));
        // The study file it ran is kept beside the cells, and a second run only rewrites the report.
        assertTrue(Files.readString(out.resolve("study.yaml")).contains("hong-noise"));
        CliRunner.Outcome again = CliRunner.run("study", "hong-noise", "--scale", "smoke", "--out", out.toString(), "--data", idx.toString(), "--device", "cpu",
                "--set", "model=mlp:16,16", "--set", "teacher.model=mlp:16,16", "--set", "epochs=2", "--set", "teacher.epochs=1", "--set", "train_size=60",
                "--set", "loop.early_stop=0");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("18 already done, 0 run now"), again.err());
    }

    @Test
    void cellsThatFailStillGetAReportAndTheExitCodeSaysSo() throws Exception {
        Path idx = dir.resolve("idx");
        LegacyImageData.write(idx);
        Path out = dir.resolve("diverging");
        CliRunner.Outcome o = CliRunner.run("study", "hong-noise", "--out", out.toString(), "--data", idx.toString(), "--device", "cpu",
                "--set", "model=mlp:16,16", "--set", "teacher.model=mlp:16,16", "--set", "epochs=2", "--set", "teacher.epochs=1", "--set", "train_size=60",
                "--set", "optimizer.lr=1e30");
        assertEquals(ExitCodes.DIVERGED, o.exitCode(), o.err());
        String md = Files.readString(out.resolve("report/report.md"));
        assertTrue(md.contains("| inconclusive |") && !md.contains("| holds |") && !md.contains("| does not hold |"), md);
        List<String> results = Files.readAllLines(out.resolve("report/results.csv"));
        assertTrue(results.stream().skip(1).allMatch(r -> r.endsWith(",missing")), String.join("\n", results));
        assertTrue(o.err().contains("training diverged"), o.err());
    }

    @Test
    void anUnknownStudyIsOneLine() {
        CliRunner.Outcome o = CliRunner.run("study", "nope", "--out", dir.resolve("x").toString());
        assertEquals(2, o.exitCode());
        assertTrue(o.err().trim().startsWith("kdlab: study 'nope': expected one of hong-early-stopping, "), o.err());
        assertTrue(Files.notExists(dir.resolve("x")));
    }
}
