package kdlab.engine.job;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.Json;
import kdlab.engine.run.LoopState;
import kdlab.engine.run.Manifest;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.run.RunLock;
import kdlab.engine.run.Summary;
import kdlab.engine.train.LoopResult;
import kdlab.engine.train.ProgressBar;
import kdlab.engine.train.SplitMetrics;
import kdlab.engine.train.TrainingListener;
import kdlab.engine.train.TrainingLoop;

/**
 * Runs an experiment: plans it (and its inline teacher) with every check first, then, with nothing rejected,
 * trains the inline teacher into {@code RUN/teacher} (or reuses it when it is already there with the same
 * experiment), then executes the plan. A rejected experiment leaves nothing behind.
 */
public final class RunJob {
    /** Where an inline teacher's run goes, inside its student's run. */
    public static final String TEACHER_DIR = "teacher";

    private RunJob() {}

    /**
     * @param experiment the experiment as read
     * @param runtime device and intervals
     * @param out the run directory to create, or to continue with {@code resume}
     * @param overwrite whether an existing run at {@code out} may be replaced
     * @param resume continue the run at {@code out} from its last checkpoint; its experiment must match
     * @param log where progress goes
     * @return the run's summary, also written to summary.json
     */
    public static Summary train(Experiment experiment, RuntimeSettings runtime, Path out, boolean overwrite, boolean resume, PrintStream log) {
        return train(experiment, runtime, out, overwrite, resume, log, UnaryOperator.identity());
    }

    /**
     * @param experiment the experiment as read
     * @param runtime device and intervals
     * @param out the run directory to create, or to continue with {@code resume}
     * @param overwrite whether an existing run at {@code out} may be replaced
     * @param resume continue the run at {@code out} from its last checkpoint; its experiment must match
     * @param log where progress goes
     * @param key how messages name an experiment key (the CLI's shortcuts name their flags)
     * @return the run's summary, also written to summary.json
     */
    public static Summary train(Experiment experiment, RuntimeSettings runtime, Path out, boolean overwrite, boolean resume, PrintStream log,
            UnaryOperator<String> key) {
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite exclude each other: --resume continues the run in --out, --overwrite replaces it");
        }
        if (resume && !RunDirectory.holdsRun(out) && !Files.isDirectory(out.resolve(TEACHER_DIR))) {
            RunDirectory.open(out);
        }
        if (!resume && !overwrite && RunDirectory.holdsRun(out)) {
            RunLock.refuseIfOwned(out);
            throw new UsageException("--out " + out + ": the directory already holds a run; choose another --out or add --overwrite");
        }
        boolean inline = experiment.teacher() != null && experiment.teacher().isInline();
        if (!inline) {
            try (RunPlan plan = RunPlanner.plan(experiment, null, null, runtime, "", key)) {
                return execute(plan, null, out, overwrite, resume, log);
            }
        }
        Experiment parent = experiment.withDefaults(null);
        try (RunPlan teacherPlan = RunPlanner.plan(experiment.teacher().inline(), parentWithData(parent), null, runtime, "teacher.", key);
                RunPlan plan = RunPlanner.plan(experiment, null, teacherPlan.experiment(), runtime, "", key)) {
            Path teacherDir = out.resolve(TEACHER_DIR);
            TeacherReuse reuse = TeacherReuse.decide(teacherDir, teacherPlan.experiment(), overwrite);
            RunLock lock = Files.isDirectory(out) ? RunLock.acquire(out, log) : null;
            try {
                if (lock == null) {
                    Files.createDirectories(out);
                    lock = RunLock.acquire(out, log);
                }
                if (reuse == TeacherReuse.REUSE) {
                    log.printf(Locale.ROOT, "[%s] reusing the teacher already trained in %s%n", label(out), teacherDir);
                } else {
                    execute(teacherPlan, null, teacherDir, reuse == TeacherReuse.OVERWRITE, reuse == TeacherReuse.RESUME, log);
                }
                return execute(plan, RunDirectory.open(teacherDir), out, overwrite, resume, log, lock);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }

    /**
     * Trains or resumes a run whose lock the caller already holds: a sweep's cell, or a teacher shared by a
     * sweep's cells. A directory without config.json holds no run yet and is started afresh.
     *
     * @param experiment the experiment; its teacher, if any, is a run directory (a sweep trains inline teachers first)
     * @param runtime device and intervals
     * @param out the run directory
     * @param lock the held lock of {@code out}
     * @param log where progress goes
     * @return the run's summary
     */
    public static Summary trainHeld(Experiment experiment, RuntimeSettings runtime, Path out, RunLock lock, PrintStream log) {
        if (experiment.teacher() != null && experiment.teacher().isInline()) {
            throw new IllegalArgumentException("an inline teacher must be trained into its own run directory first");
        }
        boolean resume = RunDirectory.holdsRun(out);
        try (RunPlan plan = RunPlanner.plan(experiment, null, null, runtime, "", UnaryOperator.identity())) {
            return execute(plan, null, out, !resume, resume, log, lock);
        }
    }

    /**
     * An inline teacher as an experiment of its own, with the data and seed it inherits written in, so that it
     * can be trained once into a directory that several students share and give the same run as inline.
     *
     * @param experiment an experiment with an inline teacher
     * @return the teacher's experiment
     */
    public static Experiment standaloneTeacher(Experiment experiment) {
        Experiment parent = parentWithData(experiment.withDefaults(null));
        Experiment t = experiment.teacher().inline();
        return new Experiment(t.data() == null ? parent.data() : t.data(), t.model(), t.epochs(), t.seed() == null ? parent.seed() : t.seed(),
                t.trainSize(), t.validationSize(), t.testSize() == null ? parent.testSize() : t.testSize(), t.noise(), t.augment(), null, t.objective(), t.phases(), t.optimizer(), t.schedule(), t.loop());
    }

    /** The data an inline teacher inherits: the parent's, resolved the way the parent's plan resolves them. */
    private static Experiment parentWithData(Experiment parent) {
        if (parent.data() != null) {
            return parent;
        }
        return new Experiment(kdlab.datasets.DataSources.parse(null).spec(), parent.model(), parent.epochs(), parent.seed(), parent.trainSize(),
                parent.validationSize(), parent.testSize(), parent.noise(), parent.augment(), null, null, null, parent.optimizer(), parent.schedule(), parent.loop());
    }

    private static Summary execute(RunPlan plan, RunDirectory inlineTeacher, Path out, boolean overwrite, boolean resume, PrintStream log) {
        // Taken before anything in --out is read for training or changed; a directory that will not be written
        // (no --resume or --overwrite) is only probed, so a refusal touches nothing; a new one is locked when created.
        RunLock lock = null;
        try {
            if (Files.isDirectory(out)) {
                if (resume || overwrite) {
                    lock = RunLock.acquire(out, log);
                } else {
                    RunLock.refuseIfOwned(out);
                }
            }
            return execute(plan, inlineTeacher, out, overwrite, resume, log, lock);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /**
     * Executes a plan into {@code out}.
     *
     * @param lock the lock on {@code out} when the caller holds it; otherwise this method takes it on creation
     *     and releases it before returning
     */
    private static Summary execute(RunPlan plan, RunDirectory inlineTeacher, Path out, boolean overwrite, boolean resume, PrintStream log,
            RunLock lock) {
        Experiment e = plan.experiment();
        String label = label(out);
        RunLock created = null;
        try {
            FrozenModel frozen = null;
            Path teacherWeights = null;
            if (plan.teacher() != null) {
                RunDirectory teacherRun = inlineTeacher != null ? inlineTeacher : RunDirectory.open(Path.of(e.teacher().run()));
                teacherWeights = teacherRun.keptWeights();
                Checkpoint.load(teacherWeights, plan.teacher(), plan.manager(), null);
                frozen = new FrozenModel(plan.teacher(), plan.manager());
            }
            RunDirectory run;
            LoopState from = LoopState.initial();
            // The main training's first checkpoint is written after the phases: with it on disk they are done.
            boolean mainStarted = false;
            if (resume && RunDirectory.holdsRun(out)) {
                run = RunDirectory.open(out);
                List<String> changes = Experiments.differences(run.readConfig(), e);
                if (!changes.isEmpty()) {
                    throw new UsageException("--resume " + out + ": the run was started with a different experiment (" + String.join("; ", changes)
                            + "); resume with the original settings or start a new --out");
                }
                if (Files.exists(run.last())) {
                    mainStarted = true;
                    from = Checkpoint.load(run.last(), plan.model(), plan.manager(), plan.optimizer(), plan.objective().parts(), plan.objective());
                    log.printf(Locale.ROOT, "[%s] resuming after %d steps (epoch %d, step %d of it)%n",
                            label, from.optimizerSteps(), from.epochsCompleted() + 1, from.stepInEpoch());
                }
            } else {
                run = RunDirectory.create(out, overwrite || resume, inlineTeacher != null ? Set.of(TEACHER_DIR) : Set.of());
                if (lock == null) {
                    // After create's own refusal of a directory that holds a run, so that refusal writes nothing.
                    created = RunLock.acquire(out, log);
                }
                Json.write(run.config(), e);
                Json.write(run.manifest(), Manifest.capture(RunPlanner.deviceName(plan.device()), plan.determinism(), e.seed()));
            }
            log.printf(Locale.ROOT, "[%s] %s on %s: %s, %d train / %d validation examples, device %s%n",
                    label, plan.teacher() == null ? "teacher" : "student", plan.source().spec(), plan.spec().canonical(), plan.train().size(),
                    plan.validation().size(), RunPlanner.deviceName(plan.device()));
            log.printf(Locale.ROOT, "[%s] objective: %s%n", label, describe(plan.objective()));
            if (teacherWeights != null) {
                log.printf(Locale.ROOT, "[%s] teacher weights: %s%n", label, teacherWeights);
            }
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(new ProgressBar(log, label, System.console() != null));
            int batch = plan.settings().batchSize();
            if (Boolean.getBoolean("kdlab.diag.rss")) {
                listeners.add(new kdlab.engine.train.RssProbe(log, (plan.train().size() + batch - 1) / batch));
            }
            if (!plan.phases().isEmpty() && !mainStarted) {
                PhaseRunner.run(plan, frozen, run, resume, log, label);
            }
            PhaseRunner.freezeWhatIsNotTrained(plan, plan.objective());
            LoopResult result = new TrainingLoop(plan.model(), plan.manager(), frozen, plan.objective(), plan.optimizer(), plan.schedule(), plan.train(),
                    plan.validation(), plan.settings(), run, listeners).withTeacherCache(plan.runtime().teacherCache()).run(from);

            kdlab.datasets.DeviceDataset testSet = NetworkInputs.prepare(
                    TestSplit.of(plan.data(), e), plan.spec(), plan.info(), e.augment(), false);
            TestScoring.Scores scores = TestScoring.score(plan.model(), testSet, plan.noise(), e.seed(), RunPlanner.scoringBatch(e),
                    plan.info().classification(), plan.manager());
            SplitMetrics clean = scores.clean();
            SplitMetrics noisyTest = scores.noisy();
            TestScoring.Scores lastScores = scores;
            if (result.weights().equals("best") && result.state().bestEpoch() != result.state().epochsCompleted()) {
                // The last epoch's weights are in last.ckpt; score them, then put the kept ones back.
                Checkpoint.load(run.last(), plan.model(), plan.manager(), null);
                lastScores = TestScoring.score(plan.model(), testSet, plan.noise(), e.seed(), RunPlanner.scoringBatch(e),
                        plan.info().classification(), plan.manager());
                Checkpoint.load(run.best(), plan.model(), plan.manager(), null);
            }
            // Kept weights are in the model again here; regression has no classes to bin or to agree on.
            PredictionScoring.Scores predictions = plan.info().classification()
                    ? PredictionScoring.score(plan.model(), frozen, testSet, RunPlanner.scoringBatch(e), plan.manager())
                    : PredictionScoring.Scores.NONE;
            double best = result.state().bestMetric();
            Summary summary = new Summary(
                    result.state().bestEpoch(), result.state().epochsCompleted(), result.stopReason(), result.weights(),
                    plan.info().classification() ? best : -best,
                    clean.accuracy(), noisyTest == null ? Double.NaN : noisyTest.accuracy(),
                    clean.parts().values().iterator().next(),
                    noisyTest == null ? Double.NaN : noisyTest.parts().values().iterator().next(),
                    result.trainSeconds(),
                    lastScores.clean().accuracy(), lastScores.noisy() == null ? Double.NaN : lastScores.noisy().accuracy(),
                    lastScores.clean().parts().values().iterator().next(),
                    lastScores.noisy() == null ? Double.NaN : lastScores.noisy().parts().values().iterator().next(),
                    predictions.ece(), predictions.teacherAgreement());
            Json.write(run.summary(), summary);
            log.printf(Locale.ROOT, "[%s] done: best epoch %d of %d (%s), test accuracy %.4f%s, %.1fs -> %s%n",
                    label, summary.bestEpoch(), summary.epochsRun(), summary.stopReason(), summary.testAccuracy(),
                    noisyTest == null ? "" : String.format(Locale.ROOT, ", noisy test accuracy %.4f", summary.testAccuracyNoisy()),
                    summary.trainSeconds(), out);
            return summary;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } finally {
            if (created != null) {
                created.close();
            }
        }
    }

    private static String describe(kdlab.engine.objective.Objective objective) {
        List<String> parts = new ArrayList<>();
        for (kdlab.engine.objective.WeightedTerm t : objective.terms()) {
            String schedule = t.schedule().equals(kdlab.engine.objective.WeightSchedule.CONSTANT) ? "" : " (" + t.schedule().spec() + ")";
            parts.add(String.format(Locale.ROOT, "%s·%s%s", MetricsNumbers.compact(t.weight()), t.name(), schedule));
        }
        return String.join(" + ", parts);
    }

    private static String label(Path out) {
        return out.getFileName() == null ? out.toString() : out.getFileName().toString();
    }

    /** What to do with an inline teacher's directory found inside the run. */
    private enum TeacherReuse {
        /** Nothing there: train it. */
        TRAIN,
        /** A finished teacher with the same experiment: use it as it is. */
        REUSE,
        /** An unfinished teacher with the same experiment: continue it. */
        RESUME,
        /** A teacher with another experiment, and the user allowed replacing it. */
        OVERWRITE;

        static TeacherReuse decide(Path dir, Experiment wanted, boolean overwrite) {
            if (!RunDirectory.holdsRun(dir)) {
                return Files.exists(dir) ? OVERWRITE : TRAIN;
            }
            RunDirectory run = RunDirectory.open(dir);
            List<String> changes = Experiments.differences(run.readConfig(), wanted);
            if (!changes.isEmpty()) {
                if (overwrite) {
                    return OVERWRITE;
                }
                throw new UsageException(dir + " holds a teacher trained with another experiment (" + String.join("; ", changes)
                        + "); add --overwrite to retrain it, or choose another --out");
            }
            return Files.isRegularFile(run.summary()) ? REUSE : RESUME;
        }
    }
}
