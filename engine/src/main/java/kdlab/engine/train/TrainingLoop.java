package kdlab.engine.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kdlab.datasets.Batch;
import kdlab.datasets.DeviceDataset;
import kdlab.engine.FaultInjection;
import kdlab.engine.Seeds;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.StepProgress;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.LoopState;
import kdlab.engine.run.MetricsTable;
import kdlab.engine.run.RunDirectory;
import kdlab.models.tap.TappedBlock;

/**
 * The one training loop: per epoch, reseed and draw the permutation; per step, reseed (so fresh noise does
 * not depend on where a run was interrupted), forward the views the objective needs, backward, update;
 * then validate, record, checkpoint and decide whether to stop. Progress display and logs hang off
 * {@link TrainingListener}s.
 *
 * <p>A run can start from any checkpointed {@link LoopState}, including the middle of an epoch, and then
 * produces the same parameters and metrics as an uninterrupted run.
 */
public final class TrainingLoop {
    private final TappedBlock model;
    private final NDManager manager;
    private final FrozenModel frozen;
    private final Objective objective;
    private final ParameterOptimizer optimizer;
    private final LrSchedule schedule;
    private final DeviceDataset train;
    private final DeviceDataset validation;
    private final LoopSettings settings;
    private final RunDirectory run;
    private final List<TrainingListener> listeners;
    private kdlab.engine.objective.TeacherCacheBudget teacherCacheBudget = kdlab.engine.objective.TeacherCacheBudget.OFF;
    /** The optimizer step of the state in last.ckpt, for the divergence message. */
    private long lastFiniteStep;

    /**
     * @param model the model trained, initialised on {@code manager}'s device
     * @param manager the model's long-lived manager
     * @param frozen the teacher, or null
     * @param objective what is minimised
     * @param optimizer how parameters move
     * @param schedule the learning rate per step
     * @param train the training split, with its noise attached
     * @param validation the validation split, with its noise attached
     * @param settings epochs, batch size, stopping rule ...
     * @param run where metrics and checkpoints go
     * @param listeners observers
     */
    public TrainingLoop(
            TappedBlock model,
            NDManager manager,
            FrozenModel frozen,
            Objective objective,
            ParameterOptimizer optimizer,
            LrSchedule schedule,
            DeviceDataset train,
            DeviceDataset validation,
            LoopSettings settings,
            RunDirectory run,
            List<TrainingListener> listeners) {
        if (objective.needsTeacher() && frozen == null) {
            throw new IllegalArgumentException("the objective reads the teacher's views but no teacher was given");
        }
        this.model = model;
        this.manager = manager;
        this.frozen = frozen;
        this.objective = objective;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.train = train;
        this.validation = validation;
        this.settings = settings;
        this.run = run;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Lets the loop keep the frozen teacher's clean-view features of the training split on the device, where
     * nothing the teacher sees changes between epochs ({@link kdlab.engine.objective.TeacherCache}).
     *
     * @param budget the memory the table may take; {@code off} runs the teacher on every batch
     * @return this loop
     */
    public TrainingLoop withTeacherCache(kdlab.engine.objective.TeacherCacheBudget budget) {
        this.teacherCacheBudget = budget;
        return this;
    }

    /**
     * Trains from the start.
     *
     * @return how the run ended
     */
    public LoopResult run() {
        return run(LoopState.initial());
    }

    /**
     * Trains from {@code resumeFrom} to the end and leaves the chosen weights (best, or last for zero-loss
     * training) in the model. The model and optimizer must already hold the checkpoint's state.
     *
     * @param resumeFrom the state to continue from; {@link LoopState#initial()} for a new run
     * @return how the run ended
     */
    public LoopResult run(LoopState resumeFrom) {
        MetricsTable table = MetricsTable.resume(run.metrics(), objective.termNames(), resumeFrom.epochsCompleted());
        // A resumed run with nothing left to train must not pay a teacher pass over the split.
        boolean trains = resumeFrom.epochsCompleted() < settings.epochs() && !stoppedEarlyBefore(resumeFrom);
        kdlab.engine.objective.TeacherCache.Decision cached = trains
                ? kdlab.engine.objective.TeacherCache.build(frozen, objective, train, settings.batchSize(), teacherCacheBudget, manager)
                : new kdlab.engine.objective.TeacherCache.Decision(null, null, 0);
        for (TrainingListener l : cached.reason() == null ? List.<TrainingListener>of() : listeners) {
            l.onTeacherCache(cached);
        }
        try {
            return run(resumeFrom, table, cached.cache());
        } finally {
            if (cached.cache() != null) {
                cached.cache().close();
            }
        }
    }

    private LoopResult run(LoopState resumeFrom, MetricsTable table, kdlab.engine.objective.TeacherCache teacherCache) {
        TrainingStep trainingStep = new TrainingStep(model, new ParameterStore(manager, false), frozen, objective, optimizer, settings.scoredView(),
                teacherCache);
        int stepsPerEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
        LoopState state = resumeFrom;
        lastFiniteStep = resumeFrom.optimizerSteps();
        if (state.optimizerSteps() == 0) {
            // A first checkpoint before any step, so a run that diverges at once still has a finite `last`.
            save(run.last(), state);
        }
        List<EpochRecord> records = new ArrayList<>();
        String stopReason = "epochs";
        long start = System.nanoTime();
        int firstEpoch = state.epochsCompleted();
        if (stoppedEarlyBefore(state)) {
            // Resuming a run that had already stopped early: nothing left to train.
            firstEpoch = settings.epochs();
            stopReason = "early-stop";
        }
        for (int epoch = firstEpoch; epoch < settings.epochs(); epoch++) {
            Seeds.reseed(settings.seed(), "epoch", epoch);
            long t0 = System.nanoTime();
            SplitMetrics trainMetrics;
            float lr = 0;
            try (NDManager epochManager = manager.newSubManager();
                    MetricAccumulator acc = new MetricAccumulator(epochManager, objective.termNames(), settings.classification())) {
                int step = state.stepInEpoch();
                if (state.trainSums() != null) {
                    acc.restore(state.trainSums(), state.trainCount());
                }
                long stepsBefore = state.optimizerSteps() - step;
                Iterator<Batch> batches = train.batches(epochManager, settings.batchSize(), true, step);
                while (batches.hasNext()) {
                    lr = schedule.rate(epoch, step, stepsPerEpoch, settings.epochs());
                    Seeds.reseed(settings.seed(), "step", stepsBefore + step);
                    try (Batch batch = batches.next()) {
                        trainingStep.run(batch, lr, acc, new StepProgress(epoch, step, stepsPerEpoch, settings.epochs(), settings.phase()));
                    }
                    step++;
                    long globalStep = stepsBefore + step;
                    FaultInjection.afterStep(globalStep);
                    boolean stopNow = StopRequest.pending() != null;
                    boolean checkpointNow = settings.checkpointEvery() > 0 && globalStep % settings.checkpointEvery() == 0 && step < stepsPerEpoch;
                    if (step % settings.logEvery() == 0 || step == stepsPerEpoch || stopNow || checkpointNow) {
                        // The only device read inside the epoch: at logging intervals and checkpoints.
                        SplitMetrics running = acc.read();
                        checkFinite(running, epoch, globalStep - Math.min(step, settings.logEvery()), globalStep);
                        for (TrainingListener l : listeners) {
                            l.onProgress(epoch, step, stepsPerEpoch, running);
                        }
                    }
                    if ((stopNow || checkpointNow) && step < stepsPerEpoch) {
                        save(run.last(), state.midEpoch(step, globalStep, acc.sums(), acc.count()));
                    }
                    if (stopNow) {
                        if (step == stepsPerEpoch) {
                            // Let the epoch end normally: its checkpoint is written below, then we stop.
                            break;
                        }
                        throw interrupted(globalStep);
                    }
                }
                trainMetrics = acc.read();
                state = new LoopState(state.epochsCompleted(), stepsBefore + step, state.bestEpoch(), state.bestMetric(), state.epochsSinceBest());
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            long v0 = System.nanoTime();
            SplitMetrics valMetrics = Evaluator.evaluate(
                    model, frozen, objective, validation, settings.batchSize(), settings.scoredView(), settings.classification(), manager,
                    StepProgress.endOf(epoch, settings.epochs(), settings.phase()));
            objective.onEpochEnd(epoch);
            double valSeconds = (System.nanoTime() - v0) / 1e9;

            int epochNumber = epoch + 1;
            LoopState next = EarlyStopping.update(state, epochNumber, state.optimizerSteps(), selectionMetric(valMetrics));
            boolean improved = next.bestEpoch() == epochNumber;
            state = next;
            EpochRecord record = new EpochRecord(epochNumber, settings.epochs(), trainMetrics, valMetrics, lr, trainSeconds, valSeconds, improved);
            records.add(record);
            try {
                // Metrics first, checkpoint second: a crash in between leaves rows that a resume drops.
                table.append(row(epochNumber, "train", "train", trainMetrics, lr, trainSeconds));
                table.append(row(epochNumber, "eval", "validation", valMetrics, lr, valSeconds));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + run.metrics(), e);
            }
            if (improved) {
                save(run.best(), state);
            }
            save(run.last(), state);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(record);
            }
            if (StopRequest.pending() != null && epochNumber < settings.epochs()) {
                throw interrupted(state.optimizerSteps());
            }
            if (settings.toZeroLoss() && trainMetrics.loss() < settings.zeroLossThreshold()) {
                stopReason = "zero-loss";
                break;
            }
            if (!settings.toZeroLoss() && EarlyStopping.shouldStop(state, settings.patience())) {
                stopReason = "early-stop";
                break;
            }
        }
        String weights = settings.toZeroLoss() ? "last" : "best";
        if (weights.equals("best") && state.bestEpoch() != state.epochsCompleted()) {
            Checkpoint.load(run.best(), model, manager, null);
        }
        return new LoopResult(state, stopReason, weights, (System.nanoTime() - start) / 1e9, records);
    }

    private void save(java.nio.file.Path file, LoopState state) {
        java.util.List<ai.djl.nn.Block> blocks = new ArrayList<>();
        blocks.add(model);
        blocks.addAll(objective.parts().values());
        if (!FiniteState.check(manager, blocks, optimizer)) {
            java.util.Map<String, ai.djl.nn.Block> named = new java.util.LinkedHashMap<>();
            named.put("", model);
            objective.parts().forEach((name, part) -> named.put("part/" + name + "/", part));
            // Never replace a finite checkpoint by a broken one: the update after the last finite loss overflowed.
            throw new NonFiniteLossException(String.format(Locale.ROOT,
                    "training diverged: the parameters or optimizer state became non-finite by step %d (epoch %d) (%s); "
                            + "%s was not written and %s holds the last finite state (step %d); lower --lr",
                    state.optimizerSteps(), state.epochsCompleted() + (state.stepInEpoch() > 0 ? 1 : 0),
                    String.join(", ", FiniteState.nonFinite(manager, named, optimizer, 4)), file.getFileName(),
                    run.root().relativize(run.last()), lastFiniteStep));
        }
        try {
            Checkpoint.save(file, state, model, optimizer, objective.parts(), objective.states());
            if (file.equals(run.last())) {
                lastFiniteStep = state.optimizerSteps();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** Whether {@code state} is that of a run that had already stopped early, with nothing left to train. */
    private boolean stoppedEarlyBefore(LoopState state) {
        return !settings.toZeroLoss() && state.stepInEpoch() == 0 && EarlyStopping.shouldStop(state, settings.patience());
    }

    private RunInterruptedException interrupted(long globalStep) {
        return new RunInterruptedException(String.format(Locale.ROOT,
                "stopped by %s after step %d; checkpoint written to %s; add --resume to the same command to continue",
                StopRequest.pending(), globalStep, run.last()), StopRequest.exitCode());
    }

    /**
     * The figure that picks the best epoch: validation accuracy for classification, the negated output loss
     * (the objective's first term) for regression.
     */
    private double selectionMetric(SplitMetrics m) {
        if (settings.classification()) {
            return m.accuracy();
        }
        return -m.parts().get(objective.termNames().get(0));
    }

    private static void checkFinite(SplitMetrics m, int epoch, long fromStep, long toStep) {
        for (Map.Entry<String, Double> part : m.parts().entrySet()) {
            if (!Double.isFinite(part.getValue())) {
                throw new NonFiniteLossException(String.format(Locale.ROOT,
                        "training diverged: loss term '%s' became %s between step %d and step %d (epoch %d); "
                                + "checkpoints/last.ckpt holds the last finite state; lower --lr",
                        part.getKey(), part.getValue(), fromStep + 1, toStep, epoch + 1));
            }
        }
        if (!Double.isFinite(m.loss())) {
            throw new NonFiniteLossException(String.format(Locale.ROOT,
                    "training diverged: the total loss became %s between step %d and step %d (epoch %d); lower --lr",
                    m.loss(), fromStep + 1, toStep, epoch + 1));
        }
    }

    private List<String> row(int epoch, String phase, String split, SplitMetrics m, double lr, double seconds) {
        List<String> r = new ArrayList<>();
        r.add(Integer.toString(epoch));
        r.add(phase);
        r.add(split);
        r.add(MetricsTable.number(m.loss()));
        for (String name : objective.termNames()) {
            r.add(MetricsTable.number(m.parts().get(name)));
        }
        r.add(MetricsTable.number(m.accuracy()));
        r.add(MetricsTable.number(lr));
        r.add(String.format(Locale.ROOT, "%.3f", seconds));
        return r;
    }
}
