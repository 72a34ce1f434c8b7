package kdlab.engine.study.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import kdlab.datasets.Batch;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.Split;
import kdlab.engine.Seeds;
import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.config.TermSetting;
import kdlab.engine.job.RunPlan;
import kdlab.engine.job.RunPlanner;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.PrivilegedInformationSquaredTerm;
import kdlab.engine.objective.StepProgress;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.train.TrainingStep;
import kdlab.models.ntk.Ntk;
import kdlab.models.ntk.NtkSpec;
import org.ejml.data.DMatrixRMaj;

/**
 * Replays a finished kernel-pi run in-process and records the student's training outputs after every step.
 *
 * <p>The run's config.json is planned again with {@link RunPlanner#plan} (as {@code kdlab train} plans it), which
 * gives exactly the run's training inputs, the same initial student (the plan reseeds "init" from the run's seed)
 * and the teacher, whose trained weights are loaded from its run ({@link TeacherRuns}). The steps are the
 * training loop's own {@link TrainingStep}s, seeded per epoch and step as {@code TrainingLoop} seeds them, so the
 * replay is the run: each step's loss can be checked against the run's metrics.csv. No {@code TrainingListener}
 * could record u(k) during the run itself: the listener interface sees epoch figures, not the model.
 *
 * <p>Only runs the kernel prediction speaks of are replayed: an ntk student, one {@code pi_mse} term, full-batch
 * plain gradient descent (SGD without momentum or weight decay, constant rate), no input noise, no augmentation.
 */
public final class TrajectoryReplay {
    /** Test examples scored per forward pass. */
    private static final int TEST_CHUNK = 1000;

    private TrajectoryReplay() {}

    /**
     * @param run a finished run directory of the kernel-pi study
     * @param sweep its sweep directory (where shared teachers live), or null
     * @return the replay
     * @throws UsageException naming the run's config.json field when the run is not one the prediction covers
     */
    public static Replay replay(Path run, Path sweep) {
        Experiment e = RunDirectory.open(run).readConfig();
        TermSetting term = check(run.resolve(RunDirectory.CONFIG), e);
        double alpha = ((PrivilegedInformationSquaredTerm.Spec) term.spec().withDefaults()).alpha();
        RunDirectory teacherRun = TeacherRuns.locate(run, sweep, e);
        Experiment inlineTeacher = e.teacher().isInline() ? e.teacher().inline() : null;
        try (RunPlan plan = RunPlanner.plan(e, null, inlineTeacher, new RuntimeSettings("cpu", 50, 0), "", k -> k)) {
            List<String> changes = Experiments.differences(e, plan.experiment());
            if (!changes.isEmpty()) {
                throw new UsageException(run.resolve(RunDirectory.CONFIG) + ": planned again it differs from the run (" + String.join("; ", changes) + ")");
            }
            Checkpoint.load(teacherRun.keptWeights(), plan.teacher(), plan.manager(), null);
            FrozenModel frozen = new FrozenModel(plan.teacher(), plan.manager());
            return replay(plan, frozen, alpha);
        }
    }

    /**
     * Replays a planned run from its initial student; package-private for the regime test, which plans an experiment
     * without a finished run.
     */
    static Replay replay(RunPlan plan, FrozenModel frozen, double alpha) {
        NDManager manager = plan.manager();
        Experiment e = plan.experiment();
        int n = plan.train().size();
        int epochs = e.epochs();
        ParameterStore store = new ParameterStore(manager, false);
        TrainingStep step = new TrainingStep(plan.model(), store, frozen, plan.objective(), plan.optimizer(), plan.settings().scoredView());
        List<DMatrixRMaj> outputs = new ArrayList<>();
        double[] losses = new double[epochs];
        double[][] unit;
        int[] labels;
        DMatrixRMaj teacher;
        try (NDManager fixed = manager.newSubManager()) {
            Batch all = plan.train().batches(fixed, n, false).next();
            NDArray x = all.inputs();
            unit = rows(Ntk.unitNorm(x).reshape(n, -1));
            labels = all.targets().toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
            teacher = matrix(frozen.forward(x).output().softmax(1));
            outputs.add(outputs(plan, store, x, fixed));
            for (int k = 0; k < epochs; k++) {
                // The training loop's seeding, so that a step here is the run's step k bit for bit.
                Seeds.reseed(e.seed(), "epoch", k);
                try (NDManager epoch = manager.newSubManager()) {
                    Iterator<Batch> batches = plan.train().batches(epoch, n, true, 0);
                    float lr = plan.schedule().rate(k, 0, 1, epochs);
                    Seeds.reseed(e.seed(), "step", k);
                    try (Batch batch = batches.next()) {
                        losses[k] = step.run(batch, lr, null, new StepProgress(k, 0, 1, epochs)).total().getFloat();
                    }
                }
                outputs.add(outputs(plan, store, x, fixed));
            }
        }
        double testError = testError(plan, store, frozen, false);
        double teacherTestError = testError(plan, store, frozen, true);
        return new Replay(unit, labels, teacher, outputs, e.optimizer().lr(), alpha, losses, testError, teacherTestError);
    }

    private static DMatrixRMaj outputs(RunPlan plan, ParameterStore store, NDArray x, NDManager owner) {
        try (NDManager temp = owner.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(temp);
            return matrix(plan.model().forwardFeatures(store, xs, false).output());
        }
    }

    private static double testError(RunPlan plan, ParameterStore store, FrozenModel frozen, boolean ofTeacher) {
        Split test = kdlab.engine.job.TestSplit.of(plan.data(), plan.experiment()).split();
        int total = test.size();
        long wrong = 0;
        try (NDManager temp = plan.manager().newSubManager()) {
            for (int from = 0; from < total; from += TEST_CHUNK) {
                int to = Math.min(total, from + TEST_CHUNK);
                NDArray x = test.inputs().get(from + ":" + to);
                x.attach(temp);
                NDArray logits = ofTeacher ? frozen.forward(x).output() : plan.model().forwardFeatures(store, x, false).output();
                NDArray y = test.targets().get(from + ":" + to);
                y.attach(temp);
                long right = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT64, false)
                        .eq(y.toType(ai.djl.ndarray.types.DataType.INT64, false)).sum().getLong();
                wrong += (to - from) - right;
            }
        }
        return (double) wrong / total;
    }

    /**
     * @param config the run's config.json, for messages
     * @param e its experiment
     * @return its one pi_mse term
     * @throws UsageException when the run is not one the kernel prediction covers
     */
    static TermSetting check(Path config, Experiment e) {
        String where = config + " ";
        if (!(kdlab.models.ModelSpec.parse(e.model()) instanceof NtkSpec)) {
            throw new UsageException(where + "model: expected an ntk:WIDTH student (the kernel-regime network), found " + e.model());
        }
        List<TermSetting> terms = e.objective() == null ? List.of() : e.objective().terms();
        if (terms.size() != 1 || !(terms.get(0).spec() instanceof PrivilegedInformationSquaredTerm.Spec) || terms.get(0).weight() != 1.0
                || !terms.get(0).schedule().equals(kdlab.engine.objective.WeightSchedule.CONSTANT)) {
            throw new UsageException(where + "objective: expected one pi_mse term of constant weight 1 (the loss the prediction is for), found "
                    + terms.stream().map(t -> t.name() + ":" + t.type() + "*" + t.weight()).toList());
        }
        if (!"sgd".equals(e.optimizer().type()) || e.optimizer().momentum() != 0.0 || e.optimizer().weightDecay() != 0.0) {
            throw new UsageException(where + "optimizer: expected plain gradient descent (type sgd, momentum 0, weight_decay 0), found " + e.optimizer());
        }
        if (e.loop().batchSize() != 0) {
            throw new UsageException(where + "loop.batch_size: expected 0 (full-batch gradient descent), found " + e.loop().batchSize());
        }
        if (e.schedule() != null && !"constant".equals(e.schedule())) {
            throw new UsageException(where + "schedule: expected constant (one step size η), found " + e.schedule());
        }
        if (e.noise() != null && !"none".equals(e.noise().spec())) {
            throw new UsageException(where + "noise: expected none (the prediction is for the clean training inputs), found " + e.noise().spec());
        }
        if (e.augment() != null && !e.augment().isBlank() && !"none".equals(e.augment())) {
            throw new UsageException(where + "augment: expected none, found " + e.augment());
        }
        return terms.get(0);
    }

    private static double[][] rows(NDArray a) {
        long[] s = a.getShape().getShape();
        float[] v = a.toFloatArray();
        double[][] out = new double[(int) s[0]][(int) s[1]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                out[i][j] = v[(int) (i * s[1] + j)];
            }
        }
        return out;
    }

    private static DMatrixRMaj matrix(NDArray a) {
        double[][] r = rows(a);
        return new DMatrixRMaj(r);
    }
}
