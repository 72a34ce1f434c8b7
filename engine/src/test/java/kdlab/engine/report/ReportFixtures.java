package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kdlab.engine.run.Json;
import kdlab.engine.sweep.Grid;
import kdlab.engine.sweep.SweepCell;

/**
 * Hand-written run and sweep directories shaped like those kdlab writes (checked against a real
 * {@code kdlab train} run), so report tests need no training.
 */
final class ReportFixtures {
    static final String MANIFEST = """
            {
              "version" : "0.1.0-SNAPSHOT",
              "gitCommit" : "abc123",
              "djlVersion" : "0.33.0",
              "pytorchVersion" : "2.5.1",
              "nativeBuild" : "2.5.1-20241113-cpu-linux-x86_64",
              "determinism" : "bitwise (CPU, same thread count)",
              "device" : "cpu",
              "seed" : 0,
              "javaVersion" : "17.0.15",
              "os" : "Linux amd64",
              "threads" : "default",
              "started" : "2026-12-05T17:26:36.931663075Z"
            }
            """;

    private ReportFixtures() {}

    /**
     * Writes config.json only: a run that has started but not finished.
     *
     * @param dir the run directory
     * @param seed its seed
     * @param teacher the config's teacher value as JSON (a quoted path or an object), or null
     */
    static void startedRun(Path dir, long seed, String teacher) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\n  \"model\" : \"mlp:8\",\n  \"epochs\" : 2,\n  \"seed\" : " + seed
                + (teacher == null ? "" : ",\n  \"teacher\" : " + teacher) + "\n}\n");
    }

    /**
     * Writes a finished run: config.json, manifest.json, metrics.csv (two epochs; the last validation row has
     * accuracy 0.7 and loss 0.9) and summary.json (test_loss 0.5, train_seconds 1.5, noisy figures NaN as
     * kdlab writes them).
     *
     * @param dir the run directory
     * @param seed its seed
     * @param accuracy its best_validation and test_accuracy
     * @param lastAccuracy its last_test_accuracy, or null for a summary written before that key existed
     * @param teacher the config's teacher as JSON, or null
     */
    static void finishedRun(Path dir, long seed, double accuracy, Double lastAccuracy, String teacher) throws IOException {
        startedRun(dir, seed, teacher);
        Files.writeString(dir.resolve("manifest.json"), MANIFEST);
        Files.writeString(dir.resolve("metrics.csv"), """
                epoch,phase,split,loss,ce,accuracy,lr,seconds\r
                1,train,train,2.0,2.0,0.4,0.05,0.01\r
                1,eval,validation,1.5,1.5,0.5,0.05,0.02\r
                2,train,train,1.0,1.0,0.6,0.05,0.01\r
                2,eval,validation,0.9,0.9,0.7,0.05,0.02\r
                """);
        Files.writeString(dir.resolve("summary.json"), String.format(Locale.ROOT, """
                {
                  "best_epoch" : 2,
                  "epochs_run" : 2,
                  "stop_reason" : "epochs",
                  "weights" : "best",
                  "best_validation" : %s,
                  "test_accuracy" : %s,
                  "test_accuracy_noisy" : "NaN",
                  "test_loss" : 0.5,
                  "test_loss_noisy" : "NaN",
                  %s"train_seconds" : 1.5
                }
                """, accuracy, accuracy, lastAccuracy == null ? "" : "\"last_test_accuracy\" : " + lastAccuracy + ",\n  "));
    }

    /** The test accuracies of {@link #sweep}: method baseline then st, seeds 0, 1, 2. */
    static final double[][] ACCURACY = {{0.80, 0.82, 0.81}, {0.83, 0.86, 0.84}};
    /** The last_test_accuracy of the st runs of {@link #sweep}, seeds 0 and 1. */
    static final double[] LAST_ST = {0.82, 0.85};

    /**
     * A sweep over method (baseline, st) and seed (0, 1, 2) whose last cell (st, seed 2) is unfinished and
     * failed; the st runs have last_test_accuracy ({@link #LAST_ST}), the baseline runs do not.
     *
     * @param dir the sweep directory
     * @param analysis grid.json's analysis as JSON, or null
     */
    static Grid sweep(Path dir, String analysis) throws IOException {
        String[] methods = {"baseline", "st"};
        List<SweepCell> cells = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            for (int s = 0; s < 3; s++) {
                Map<String, String> values = new LinkedHashMap<>();
                values.put("method", methods[m]);
                values.put("seed", String.valueOf(s));
                String name = "method=" + methods[m] + ",seed=" + s;
                cells.add(new SweepCell(cells.size(), name, values, List.of("seed=" + s),
                        "kdlab train --config /abs/study.yaml --set seed=" + s + " --out DIR/cells/" + name));
            }
        }
        JsonNode node = analysis == null ? null : Json.MAPPER.readTree(analysis);
        Grid grid = new Grid("studies/example.yaml", "smoke", List.of("method", "seed"), cells, node);
        Files.createDirectories(dir);
        grid.write(dir);
        for (SweepCell c : cells) {
            int m = c.values().get("method").equals("baseline") ? 0 : 1;
            int s = Integer.parseInt(c.values().get("seed"));
            Path run = Grid.runOf(dir, c);
            if (m == 1 && s == 2) {
                startedRun(run, s, null);
                Files.createDirectories(dir.resolve("failed"));
                Files.writeString(dir.resolve("failed").resolve(c.name() + ".txt"), "kdlab: training diverged at epoch 1\n");
            } else {
                finishedRun(run, s, ACCURACY[m][s], m == 1 ? Double.valueOf(LAST_ST[s]) : null, null);
            }
        }
        return grid;
    }

    /**
     * @param axes axis values but the seed
     * @param seed the seed
     * @param metrics column values
     * @return a finished row of sweep "s"
     */
    static ResultRow row(Map<String, String> axes, int seed, Map<String, Double> metrics) {
        Map<String, String> values = new LinkedHashMap<>();
        ResultColumns.AFTER_AXES.forEach(c -> values.put(c, ""));
        values.put(ResultColumns.SEED, String.valueOf(seed));
        metrics.forEach((k, v) -> values.put(k, Double.toString(v)));
        values.put(ResultColumns.STATUS, ResultColumns.DONE);
        return ResultRow.cell("s", ResultRow.groupOf(axes) + ",seed=" + seed, axes, values);
    }
}
