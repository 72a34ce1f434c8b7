package kdlab.engine.report;

import kdlab.engine.cli.CliRunner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kdlab.engine.UsageException;
import kdlab.engine.study.StudyAnalysis;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports of hand-written sweep and run directories, file by file. */
class ReportWriterTest {
    static final String CLAIMS_AND_PLOTS = """
            {"claims": [
               {"id": "st-helps", "claim": "student-teacher training beats the baseline", "test": "paired_difference",
                "metric": "test_accuracy", "axis": "method", "treatment": "st", "control": "baseline", "rule": {"min_seeds": 2}},
               {"id": "st-helps-3", "claim": "the same with three seeds", "test": "paired_difference",
                "metric": "test_accuracy", "axis": "method", "treatment": "st", "control": "baseline"}],
             "plots": [
               {"name": "by-method", "x": "method", "y": "test_accuracy"},
               {"name": "by-seed", "x": "seed", "y": "test_accuracy", "series": "method", "title": "accuracy by seed"},
               {"name": "curves", "kind": "curve", "y": "accuracy", "series": "method"},
               {"name": "against-validation", "x_metric": "best_validation", "y": "test_accuracy", "where": {"method": ["baseline", "st"]}}]}
            """;

    static final String RESULTS = """
            run,sweep,method,seed,model,teacher_test_accuracy,teacher_test_loss,teacher_test_ece,best_epoch,epochs_run,stop_reason,weights,best_validation,test_accuracy,\
            test_accuracy_noisy,test_loss,test_loss_noisy,last_test_accuracy,last_test_accuracy_noisy,last_test_loss,last_test_loss_noisy,test_ece,teacher_agreement,\
            last_validation_accuracy,last_validation_loss,status
            "method=baseline,seed=0",alpha,baseline,0,mlp:8,,,,2,2,epochs,best,0.8,0.8,,0.5,,,,,,,,0.7,0.9,done
            "method=baseline,seed=1",alpha,baseline,1,mlp:8,,,,2,2,epochs,best,0.82,0.82,,0.5,,,,,,,,0.7,0.9,done
            "method=baseline,seed=2",alpha,baseline,2,mlp:8,,,,2,2,epochs,best,0.81,0.81,,0.5,,,,,,,,0.7,0.9,done
            "method=st,seed=0",alpha,st,0,mlp:8,,,,2,2,epochs,best,0.83,0.83,,0.5,,0.82,,,,,,0.7,0.9,done
            "method=st,seed=1",alpha,st,1,mlp:8,,,,2,2,epochs,best,0.86,0.86,,0.5,,0.85,,,,,,0.7,0.9,done
            "method=st,seed=2",alpha,st,2,mlp:8,,,,,,,,,,,,,,,,,,,,,missing
            """;

    @TempDir
    Path dir;

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    ReportWriter.Result report(Path out, Path... inputs) throws IOException {
        return ReportWriter.write(List.of(inputs), out, List.of(), quiet());
    }

    @Test
    void resultsCsvHoldsEveryCellExactlyAndNoTimes() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, null);
        Path out = dir.resolve("report");
        ReportWriter.Result r = report(out, sweep);
        assertEquals(RESULTS, Files.readString(out.resolve("results.csv")));
        assertEquals(6, r.rows().size());
        assertEquals("""
                run,sweep,train_seconds
                "method=baseline,seed=0",alpha,1.5
                "method=baseline,seed=1",alpha,1.5
                "method=baseline,seed=2",alpha,1.5
                "method=st,seed=0",alpha,1.5
                "method=st,seed=1",alpha,1.5
                "method=st,seed=2",alpha,
                """, Files.readString(out.resolve("timings.csv")));
    }

    @Test
    void summaryAveragesOverSeedsPerGroup() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, null);
        Path out = dir.resolve("report");
        report(out, sweep);
        List<CSVRecord> rows;
        try (Reader r = Files.newBufferedReader(out.resolve("summary.csv"))) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
        assertEquals(2, rows.size());
        CSVRecord base = rows.get(0);
        assertEquals(List.of("alpha", "method=baseline", "baseline", "3", "0"),
                List.of(base.get("sweep"), base.get("group"), base.get("method"), base.get("done"), base.get("missing")));
        assertEquals(0.81, Double.parseDouble(base.get("test_accuracy_mean")), 1e-12);
        assertEquals(0.01, Double.parseDouble(base.get("test_accuracy_std")), 1e-12);
        assertEquals("3", base.get("test_accuracy_n"));
        assertEquals(List.of("", "", "0"), List.of(base.get("last_test_accuracy_mean"), base.get("last_test_accuracy_std"), base.get("last_test_accuracy_n")));
        CSVRecord st = rows.get(1);
        assertEquals(List.of("2", "1"), List.of(st.get("done"), st.get("missing")));
        assertEquals(0.845, Double.parseDouble(st.get("test_accuracy_mean")), 1e-12);
        assertEquals(Math.sqrt(0.00045), Double.parseDouble(st.get("test_accuracy_std")), 1e-12);
        assertEquals(0.835, Double.parseDouble(st.get("last_test_accuracy_mean")), 1e-12);
        assertEquals("2", st.get("last_test_accuracy_n"));
        assertEquals("0", st.get("test_accuracy_noisy_n"));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| alpha | method=baseline | 3 | 0 | 0.8100 ± 0.0100 (3) |"), md);
        assertTrue(md.contains("test_accuracy is at the kept weights: the best validation epoch when early stopping, else the last."), md);
    }

    @Test
    void claimsBecomeVerdictsAndPlotsBecomePngAndSvg() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, CLAIMS_AND_PLOTS);
        Path out = dir.resolve("report");
        ReportWriter.Result r = report(out, sweep);
        assertEquals(2, r.verdicts().size());
        Verdict two = r.verdicts().get(0);
        assertEquals(Verdict.HOLDS, two.outcome());
        assertEquals("+0.0350 ± 0.0050 (mean ± s.e. over 2 pairs; std 0.0071)", two.effect());
        assertEquals(Verdict.INCONCLUSIVE, r.verdicts().get(1).outcome(), "the failed cell leaves two pairs, under the default three");
        for (String name : List.of("by-method", "by-seed", "curves", "against-validation")) {
            byte[] png = Files.readAllBytes(out.resolve("plots").resolve(name + ".png"));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), name);
            String svg = Files.readString(out.resolve("plots").resolve(name + ".svg"));
            assertTrue(svg.startsWith("<?xml") || svg.startsWith("<svg"), name);
            assertTrue(svg.contains("<svg"), name);
        }
        try (Stream<Path> s = Files.list(out.resolve("plots"))) {
            assertEquals(8, s.count(), "no default plot when the sweep names its plots");
        }
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("![by-seed](plots/by-seed.png)"), md);
        assertTrue(md.contains("| **st-helps**: student-teacher training beats the baseline | +0.0350 ± 0.0050 (mean ± s.e. over 2 pairs; std 0.0071) | holds |"), md);
        assertTrue(md.contains("`alpha/cells/method=st,seed=2`: failed: kdlab: training diverged at epoch 1"), md);
        assertTrue(md.contains("kdlab train --config /abs/study.yaml --set seed=2 --out DIR/cells/method=st,seed=2\n"), md);
        assertTrue(md.contains("| git commit | abc123 |") && md.contains("| device | cpu |"), md);
        String json = Files.readString(out.resolve("verdicts.json"));
        assertTrue(json.contains("\"id\" : \"st-helps\"") && json.contains("\"outcome\" : \"holds\""), json);
    }

    @Test
    void aSweepWithoutPlotsGetsTheDefaultOne() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, null);
        Path out = dir.resolve("report");
        report(out, sweep);
        assertTrue(Files.isRegularFile(out.resolve("plots/test_accuracy.png")));
        assertTrue(Files.isRegularFile(out.resolve("plots/test_accuracy.svg")));
        assertFalse(Files.readString(out.resolve("report.md")).contains("## Verdicts"), "no claims, no verdicts table");
    }

    @Test
    void copiesOfASweepReportTheSameApartFromTheirNames() throws IOException {
        Path a = dir.resolve("one").resolve("alpha");
        ReportFixtures.sweep(a, CLAIMS_AND_PLOTS);
        Path b = dir.resolve("two").resolve("beta");
        Files.createDirectories(b.getParent());
        try (Stream<Path> walk = Files.walk(a)) {
            for (Path p : walk.toList()) {
                Files.copy(p, b.resolve(a.relativize(p).toString()));
            }
        }
        report(dir.resolve("ra"), a);
        report(dir.resolve("rb"), b);
        for (String f : List.of("results.csv", "summary.csv", "report.md", "verdicts.json")) {
            String ta = Files.readString(dir.resolve("ra").resolve(f)).replace("alpha", "NAME");
            String tb = Files.readString(dir.resolve("rb").resolve(f)).replace("beta", "NAME");
            assertEquals(ta, tb, f);
        }
        assertEquals(RESULTS, Files.readString(dir.resolve("ra/results.csv")), "the report names a sweep by its file name, not its path");
    }

    @Test
    void anExistingReportIsRefusedUnlessOverwrite() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, null);
        Path out = dir.resolve("report");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        UsageException e = assertThrows(UsageException.class, () -> report(out, sweep));
        assertTrue(e.getMessage().contains("--out " + out) && e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        ReportWriter.write(List.of(sweep), out, true, List.of(), quiet());
        assertFalse(Files.exists(out.resolve("notes.txt")));
        assertEquals(RESULTS, Files.readString(out.resolve("results.csv")));
        assertEquals(List.of("alpha", "report"), siblings(), "no temporary or set-aside directory is left behind");
    }

    @Test
    void aBadClaimWritesNothing() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, """
                {"claims": [{"id": "typo", "claim": "x", "test": "paired_difference", "metric": "test_accuracy",
                  "axis": "method", "treatment": "student-teacher", "control": "baseline"}]}
                """);
        Path out = dir.resolve("report");
        CliRunner.Outcome o = CliRunner.run("report", sweep.toString(), "--out", out.toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("claim 'typo'") && o.err().contains("method=student-teacher") && o.err().contains("baseline, st"), o.err());
        assertEquals(List.of("alpha"), siblings());
    }

    @Test
    void aDirectoryThatIsNoneOfTheKindsExitsTwoNamingIt() throws IOException {
        Path empty = dir.resolve("nothing-here");
        Files.createDirectories(empty.resolve("sub"));
        CliRunner.Outcome o = CliRunner.run("report", empty.toString(), "--out", dir.resolve("r").toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains(empty.toString()) && o.err().contains("found none of these"), o.err());
        CliRunner.Outcome missing = CliRunner.run("report", dir.resolve("absent").toString(), "--out", dir.resolve("r").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains(dir.resolve("absent").toString()), missing.err());
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void aDirectoryOfRunsIsSearchedSkippingTeacherRuns() throws IOException {
        Path loose = dir.resolve("loose");
        ReportFixtures.finishedRun(loose.resolve("t"), 0, 0.95, null, null);
        ReportFixtures.finishedRun(loose.resolve("a"), 1, 0.6, null, "{\"model\": \"mlp:16\"}");
        ReportFixtures.finishedRun(loose.resolve("a").resolve("teacher"), 1, 0.9, null, null);
        ReportFixtures.finishedRun(loose.resolve("x").resolve("s1"), 2, 0.7, 0.69, "\"" + loose.resolve("t").toAbsolutePath() + "\"");
        ReportFixtures.startedRun(loose.resolve("unfinished"), 3, null);
        Path sw = loose.resolve("sw");
        Files.createDirectories(sw);
        Files.writeString(sw.resolve("grid.json"), "{\"sweep\": \"s.yaml\", \"axes\": [], \"cells\": []}");
        ReportFixtures.finishedRun(sw.resolve("cells").resolve("c0"), 0, 0.5, null, null);
        ReportFixtures.finishedRun(sw.resolve("teachers").resolve("h1"), 0, 0.99, null, null);
        Path out = dir.resolve("report");
        report(out, loose);
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertEquals("run,sweep,seed,model,teacher_test_accuracy,teacher_test_loss,teacher_test_ece,best_epoch",
                lines.get(0).substring(0, lines.get(0).indexOf(",epochs_run")));
        assertEquals("a,loose,1,mlp:8,0.9,0.5,,2,2,epochs,best,0.6,0.6,,0.5,,,,,,,,0.7,0.9,done", lines.get(1), "inline teacher from a/teacher");
        assertTrue(lines.get(2).startsWith("sw/cells/c0,loose,0,"), lines.get(2));
        assertTrue(lines.get(3).startsWith("t,loose,0,mlp:8,,"), lines.get(3));
        assertEquals("x/s1,loose,2,mlp:8,0.95,0.5,,2,2,epochs,best,0.7,0.7,,0.5,,0.69,,,,,,0.7,0.9,done", lines.get(4), "teacher by path");
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("kdlab train --config " + loose.resolve("x/s1/config.json") + " --out " + loose.resolve("x/s1")), md);
    }

    @Test
    void anUnfinishedRunDirectoryIsListedAsMissing() throws IOException {
        Path run = dir.resolve("r1");
        ReportFixtures.startedRun(run, 4, null);
        Path out = dir.resolve("report");
        report(out, run);
        assertEquals("r1,r1,4,mlp:8,,,,,,,,,,,,,,,,,,,,,missing", Files.readAllLines(out.resolve("results.csv")).get(1));
        assertTrue(Files.readString(out.resolve("report.md")).contains("- `r1`: not finished"));
        assertFalse(Files.exists(out.resolve("plots/test_accuracy.png")), "nothing to draw yet");
    }

    @Test
    void sweepsAndRunsMergeWithTheUnionOfAxes() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, null);
        Path run = dir.resolve("single");
        ReportFixtures.finishedRun(run, 9, 0.5, 0.4, null);
        Path out = dir.resolve("report");
        report(out, sweep, run);
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(8, lines.size());
        assertEquals("single,single,,9,mlp:8,,,,2,2,epochs,best,0.5,0.5,,0.5,,0.4,,,,,,0.7,0.9,done", lines.get(7), "empty where a run has no such axis");
        assertTrue(Files.isRegularFile(out.resolve("plots/single-test_accuracy.png")), "a second default plot is prefixed with its input");
    }

    @Test
    void extraAnalysesAddMarkdownAndVerdicts() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, null);
        StudyAnalysis extra = (sweepDir, grid, reportDir, log) -> {
            Files.writeString(reportDir.resolve("kernel.txt"), grid.sweep());
            return new StudyAnalysis.Result("## Kernel\n\nsee kernel.txt\n", List.of(new Verdict("k1", "kernels agree", "+1", Verdict.HOLDS, "by hand")));
        };
        Path out = dir.resolve("report");
        ReportWriter.Result r = ReportWriter.write(List.of(sweep), out, List.of(extra), quiet());
        assertEquals(List.of("k1"), r.verdicts().stream().map(Verdict::id).toList());
        assertEquals("studies/example.yaml", Files.readString(out.resolve("kernel.txt")));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Kernel\n\nsee kernel.txt") && md.contains("| **k1**: kernels agree | +1 | holds | by hand |"), md);
    }

    @Test
    void aFailureWhileWritingLeavesNothingBehind() throws IOException {
        Path sweep = dir.resolve("alpha");
        ReportFixtures.sweep(sweep, null);
        StudyAnalysis broken = (sweepDir, grid, reportDir, log) -> {
            throw new UsageException("kernel.yaml: expected a kernel, found none");
        };
        Path out = dir.resolve("report");
        UsageException e = assertThrows(UsageException.class, () -> ReportWriter.write(List.of(sweep), out, List.of(broken), quiet()));
        assertEquals("kernel.yaml: expected a kernel, found none", e.getMessage());
        assertEquals(List.of("alpha"), siblings(), "neither the report nor its temporary directory is left");
    }

    @Test
    void aSharedTeacherIsFoundInASweepMovedSinceItRan() throws IOException {
        Path sweep = dir.resolve("moved");
        Files.createDirectories(sweep);
        Files.writeString(sweep.resolve("grid.json"), "{\"sweep\": \"s.yaml\", \"axes\": [\"seed\"], \"cells\": [{\"index\": 0, \"name\": \"seed=0\", "
                + "\"values\": {\"seed\": \"0\"}, \"sets\": [\"seed=0\"], \"command\": \"kdlab train\"}]}");
        ReportFixtures.finishedRun(sweep.resolve("teachers/mlp_16-abc"), 0, 0.93, null, null);
        ReportFixtures.finishedRun(sweep.resolve("cells/seed=0"), 0, 0.8, null, "\"/elsewhere/original/teachers/mlp_16-abc\"");
        Path out = dir.resolve("report");
        report(out, sweep);
        assertEquals("seed=0,moved,0,mlp:8,0.93,0.5,,2,2,epochs,best,0.8,0.8,,0.5,,,,,,,,0.7,0.9,done", Files.readAllLines(out.resolve("results.csv")).get(1));
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
