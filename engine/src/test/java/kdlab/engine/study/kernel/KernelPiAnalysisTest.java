package kdlab.engine.study.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.job.RunJob;
import kdlab.engine.report.Verdict;
import kdlab.engine.study.StudyAnalysis;
import kdlab.engine.sweep.Grid;
import kdlab.engine.sweep.SweepCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis end to end on a sweep directory laid out as docs/sweeps.md describes (two finished cells trained by
 * {@code RunJob} with their inline teachers, one cell never run): the replay reproduces each run's per-epoch
 * training loss, the files are written, the unfinished cell is listed, and the trajectory verdicts come out.
 */
class KernelPiAnalysisTest {
    @TempDir
    Path dir;

    @Test
    void replaysFinishedCellsAndDecides() throws Exception {
        Path config = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(config.resolve("configs/privileged-mse.yaml"))) {
            config = config.getParent();
        }
        config = config.resolve("configs/privileged-mse.yaml");
        List<SweepCell> cells = new ArrayList<>();
        String[] models = {"ntk:4096", "ntk:16", "ntk:64"};
        for (int i = 0; i < models.length; i++) {
            List<String> sets = List.of("model=" + models[i], "train_size=40", "validation_size=20", "epochs=15", "optimizer.lr=20",
                    "teacher.epochs=1", "data=synthetic:relu-teacher,classes=2,d=50,n=160,test=100");
            Map<String, String> values = new LinkedHashMap<>();
            values.put("model", models[i]);
            values.put("teacher", "good");
            values.put("seed", "0");
            SweepCell cell = new SweepCell(i, "model=" + models[i].replace(':', '_') + ",teacher=good,seed=0", values, sets, "kdlab train ...");
            cells.add(cell);
            if (i < 2) {
                Experiment e = Experiments.read(config, sets);
                RunJob.train(e, new RuntimeSettings("cpu", 50, 0), Grid.runOf(dir, cell), false, false, new PrintStream(new ByteArrayOutputStream()));
            }
        }
        Grid grid = new Grid("studies/kernel-pi.yaml", "test", List.of("model", "teacher", "seed"), cells, null);
        grid.write(dir);
        Path report = dir.resolve("report");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StudyAnalysis.Result result = new KernelPiAnalysis().analyse(dir, Grid.read(dir), report, new PrintStream(log));

        List<org.apache.commons.csv.CSVRecord> csv;
        try (java.io.Reader r = Files.newBufferedReader(report.resolve(KernelPiFiles.CELLS_CSV))) {
            csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
        assertEquals(2, csv.size(), "two analysed cells");
        for (org.apache.commons.csv.CSVRecord row : csv) {
            double replayVsRun = Double.parseDouble(row.get("replay_vs_run_loss"));
            assertTrue(replayVsRun < 1e-6, "the replayed losses are the run's metrics.csv losses: " + replayVsRun);
        }
        assertEquals(1 + 2 * 16, Files.readAllLines(report.resolve(KernelPiFiles.TRAJECTORIES_CSV)).size());
        assertTrue(Files.size(report.resolve("kernel-pi-trajectory.png")) > 1000);
        assertTrue(result.markdown().contains("model=ntk_64,teacher=good,seed=0: not finished"), result.markdown());
        Map<String, String> outcomes = new LinkedHashMap<>();
        result.verdicts().forEach(v -> outcomes.put(v.id(), v.outcome()));
        assertEquals(List.of("wide-follows", "narrow-departs", "iterations", "interpolation", "good-teacher"), new ArrayList<>(outcomes.keySet()));
        assertEquals(Verdict.HOLDS, outcomes.get("wide-follows"), result.verdicts().toString());
        assertEquals(Verdict.HOLDS, outcomes.get("narrow-departs"), result.verdicts().toString());
        assertEquals(Verdict.INCONCLUSIVE, outcomes.get("good-teacher"), "no random teacher, one seed");
        System.out.println(log);
        result.verdicts().forEach(System.out::println);
    }
}
