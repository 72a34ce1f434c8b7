package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kdlab.datasets.Batch;
import kdlab.engine.Seeds;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.job.PhasePlan;
import kdlab.engine.job.RunPlan;
import kdlab.engine.job.RunPlanner;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.LossBreakdown;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.StepProgress;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.engine.run.Json;
import kdlab.engine.train.TrainingStep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped config takes its first two optimizer steps (of its first phase, when it has phases) on an IDX
 * directory the test writes, batches of 16, the teacher as initialised, and gives the loss and each loss part
 * stored in {@code fixtures/first-steps/NAME.json} within 1e-4 relative. The second step checks that the first
 * update moved what it should. A missing file fails; the files are written only on request, by running this
 * test with {@code -Dkdlab.firstSteps.write=true}, which then fails so that a rewrite is never a pass.
 */
class ShippedConfigsFirstStepsTest {
    private static final double RELATIVE = 1e-4;
    private static final String WRITE = "kdlab.firstSteps.write";

    @TempDir
    static Path dir;

    private static Path idx;

    @BeforeAll
    static void writeData() throws IOException {
        idx = dir.resolve("idx");
        LegacyImageData.write(idx);
    }

    static java.util.stream.Stream<String> shipped() throws IOException {
        return ShippedConfigsTest.shipped();
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void firstTwoStepsGiveTheStoredLossParts(String name) throws IOException {
        Path config = ShippedConfigsTest.configs().resolve(name);
        Experiment shipped = Experiments.read(config, List.of());
        boolean inline = shipped.teacher() != null && shipped.teacher().isInline();
        assertTrue(shipped.teacher() == null || inline, name + ": a shipped config names its teacher inline, so that it runs anywhere");
        List<String> sets = new ArrayList<>(List.of("epochs=1", "train_size=32", "validation_size=16", "loop.batch_size=16"));
        if (inline) {
            sets.addAll(List.of("teacher.train_size=32", "teacher.epochs=1"));
        }
        if (!shipped.data().startsWith("synthetic:")) {
            sets.add("data=" + idx);
        }
        Experiment e = Experiments.read(config, sets);
        RuntimeSettings runtime = new RuntimeSettings("cpu", 50, 0);
        List<Map<String, Double>> steps;
        if (inline) {
            try (RunPlan teacher = RunPlanner.plan(e.teacher().inline(), e.withDefaults(null), null, runtime, "teacher.", k -> k);
                    RunPlan plan = RunPlanner.plan(e, null, teacher.experiment(), runtime, "", k -> k)) {
                steps = twoSteps(plan, new FrozenModel(plan.teacher(), plan.manager()));
            }
        } else {
            try (RunPlan plan = RunPlanner.plan(e, null, null, runtime, "", k -> k)) {
                steps = twoSteps(plan, null);
            }
        }
        Path stored = ShippedConfigsTest.configs().getParent().resolve("engine/src/test/resources/fixtures/first-steps")
                .resolve(name.replace(".yaml", ".json"));
        if (Boolean.getBoolean(WRITE)) {
            ObjectNode root = Json.MAPPER.createObjectNode().put("config", name);
            ArrayNode list = root.putArray("steps");
            steps.forEach(s -> {
                ObjectNode o = list.addObject();
                s.forEach(o::put);
            });
            Files.createDirectories(stored.getParent());
            Files.writeString(stored, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            fail("wrote " + stored + "; check it, then run the test again without -D" + WRITE);
        }
        if (!Files.isRegularFile(stored)) {
            fail(stored + " is missing: write it with ./mvnw -o -pl engine test -Dtest=ShippedConfigsFirstStepsTest -D" + WRITE + "=true, then check it");
        }
        JsonNode expected = Json.MAPPER.readTree(stored.toFile()).get("steps");
        assertEquals(expected.size(), steps.size(), name + ": steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonNode want = expected.get(i);
            Map<String, Double> got = steps.get(i);
            List<String> wantKeys = new ArrayList<>();
            want.fieldNames().forEachRemaining(wantKeys::add);
            assertEquals(wantKeys, new ArrayList<>(got.keySet()), name + " step " + (i + 1) + ": the loss parts");
            for (String k : wantKeys) {
                double w = want.get(k).asDouble();
                double g = got.get(k);
                assertTrue(Math.abs(g - w) <= RELATIVE * Math.max(Math.abs(w), 1e-6),
                        String.format(Locale.ROOT, "%s step %d %s: stored %.9g, now %.9g", name, i + 1, k, w, g));
            }
        }
    }

    /**
     * Four optimizer steps of the run's first phase (or of its main training), seeded as the training loop seeds
     * them; returns the first two, after checking that the last two left nothing on the run's manager.
     */
    private static List<Map<String, Double>> twoSteps(RunPlan plan, FrozenModel frozen) {
        Objective objective = plan.objective();
        ParameterOptimizer optimizer = plan.optimizer();
        String phase = StepProgress.MAIN;
        kdlab.engine.optim.LrSchedule schedule = plan.schedule();
        if (!plan.phases().isEmpty()) {
            PhasePlan first = plan.phases().get(0);
            objective = first.objective();
            optimizer = first.optimizer();
            phase = first.name();
            schedule = first.schedule();
        }
        long seed = plan.experiment().seed();
        TrainingStep step = new TrainingStep(plan.model(), new ParameterStore(plan.manager(), false), frozen, objective, optimizer,
                plan.settings().scoredView());
        Seeds.reseed(seed, "epoch", 0);
        Iterator<Batch> batches = plan.train().batches(plan.manager(), plan.settings().batchSize(), true, 0);
        List<Map<String, Double>> steps = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Seeds.reseed(seed, "step", s);
            try (Batch batch = batches.next()) {
                LossBreakdown loss = step.run(batch, schedule.rate(0, s, 2, 1), null, new StepProgress(0, s, 2, 1, phase));
                Map<String, Double> values = new java.util.LinkedHashMap<>();
                values.put("loss", (double) loss.total().getFloat());
                loss.parts().forEach((k, v) -> values.put(k, (double) v.getFloat()));
                steps.add(values);
            }
        }
        // Optimizer slots exist after the first step; from here on a step may leave nothing behind on the run's
        // manager: two more steps, of a second epoch, must not add to it.
        Seeds.reseed(seed, "epoch", 1);
        try (ai.djl.ndarray.NDManager epoch = plan.manager().newSubManager()) {
            Iterator<Batch> more = plan.train().batches(epoch, plan.settings().batchSize(), true, 0);
            int kept = plan.manager().getManagedArrays().size();
            for (int s = 0; s < 2; s++) {
                Seeds.reseed(seed, "step", 2 + s);
                try (Batch batch = more.next()) {
                    step.run(batch, schedule.rate(1, s, 2, 2), null, new StepProgress(1, s, 2, 2, phase));
                }
            }
            assertEquals(kept, plan.manager().getManagedArrays().size(),
                    plan.experiment().model() + ": arrays left on the run's long-lived manager by two more steps (a leak that grows with every step)");
        }
        return steps;
    }
}
