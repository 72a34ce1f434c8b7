package kdlab.engine.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import kdlab.datasets.Batch;
import kdlab.datasets.DeviceDataset;
import kdlab.engine.Seeds;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.Objective;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.LoopState;
import kdlab.engine.run.MetricsTable;
import kdlab.engine.run.RunDirectory;
import kdlab.models.tap.TappedBlock;

/**
 * The one training loop: per epoch, reseed, step through shuffled batches (forward the views the
 * objective needs, backward, optimizer update), validate, record, checkpoint, decide whether to stop.
 * Everything else (progress display, logs) hangs off {@link TrainingListener}s.
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
     * Trains to the end and leaves the chosen weights (best, or last for zero-loss training) in the model.
     *
     * @return how the run ended
     */
    public LoopResult run() {
        MetricsTable table = new MetricsTable(run.metrics(), objective.termNames());
        TrainingStep trainingStep = new TrainingStep(model, new ParameterStore(manager, false), frozen, objective, optimizer, settings.scoredView());
        int stepsPerEpoch = (int) ((train.size() + settings.batchSize() - 1) / settings.batchSize());
        LoopState state = LoopState.initial();
        List<EpochRecord> records = new ArrayList<>();
        String stopReason = "epochs";
        long start = System.nanoTime();
        for (int epoch = state.epochsCompleted(); epoch < settings.epochs(); epoch++) {
            Seeds.reseed(settings.seed(), "epoch", epoch);
            long t0 = System.nanoTime();
            SplitMetrics trainMetrics;
            float lr = 0;
            try (NDManager epochManager = manager.newSubManager();
                    MetricAccumulator acc = new MetricAccumulator(epochManager, objective.termNames(), settings.classification())) {
                Iterator<Batch> batches = train.batches(epochManager, settings.batchSize(), true);
                int step = 0;
                while (batches.hasNext()) {
                    lr = schedule.rate(epoch, step, stepsPerEpoch, settings.epochs());
                    try (Batch batch = batches.next()) {
                        trainingStep.run(batch, lr, acc);
                    }
                    step++;
                    if (step % settings.logEvery() == 0 || step == stepsPerEpoch) {
                        // The only device read inside the epoch: once per logging interval.
                        SplitMetrics running = acc.read();
                        checkFinite(running, epoch, state.optimizerSteps() + step);
                        for (TrainingListener l : listeners) {
                            l.onProgress(epoch, step, stepsPerEpoch, running);
                        }
                    }
                }
                trainMetrics = acc.read();
                state = new LoopState(state.epochsCompleted(), state.optimizerSteps() + step, state.bestEpoch(), state.bestMetric(), state.epochsSinceBest());
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            long v0 = System.nanoTime();
            SplitMetrics valMetrics = Evaluator.evaluate(
                    model, frozen, objective, validation, settings.batchSize(), settings.scoredView(), settings.classification(), manager);
            double valSeconds = (System.nanoTime() - v0) / 1e9;

            int epochNumber = epoch + 1;
            LoopState next = EarlyStopping.update(state, epochNumber, state.optimizerSteps(), selectionMetric(valMetrics));
            boolean improved = next.bestEpoch() == epochNumber;
            state = next;
            EpochRecord record = new EpochRecord(epochNumber, settings.epochs(), trainMetrics, valMetrics, lr, trainSeconds, valSeconds, improved);
            records.add(record);
            try {
                table.append(row(epochNumber, "train", "train", trainMetrics, lr, trainSeconds));
                table.append(row(epochNumber, "eval", "validation", valMetrics, lr, valSeconds));
                Checkpoint.save(run.last(), state, model, optimizer);
                if (improved) {
                    Checkpoint.save(run.best(), state, model, optimizer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write run files in " + run.root(), e);
            }
            for (TrainingListener l : listeners) {
                l.onEpochEnd(record);
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

    private static void checkFinite(SplitMetrics m, int epoch, long step) {
        for (Map.Entry<String, Double> part : m.parts().entrySet()) {
            if (!Double.isFinite(part.getValue())) {
                throw new NonFiniteLossException(String.format(
                        "training diverged: loss term '%s' became %s by step %d (epoch %d); lower --lr. The last finite state is checkpoints/last.ckpt",
                        part.getKey(), part.getValue(), step, epoch + 1));
            }
        }
        if (!Double.isFinite(m.loss())) {
            throw new NonFiniteLossException(String.format(
                    "training diverged: the total loss became %s by step %d (epoch %d); lower --lr", m.loss(), step, epoch + 1));
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
        r.add(String.format(java.util.Locale.ROOT, "%.3f", seconds));
        return r;
    }
}
