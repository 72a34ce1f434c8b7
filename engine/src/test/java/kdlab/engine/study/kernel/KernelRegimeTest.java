package kdlab.engine.study.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.job.RunPlan;
import kdlab.engine.job.RunPlanner;
import kdlab.engine.objective.FrozenModel;
import org.junit.jupiter.api.Test;

/**
 * The kernel-regime prediction against the real engine: the shipped pi_mse config planned as {@code kdlab train}
 * plans it, 50 training examples, 20 full-batch gradient steps replayed with the training loop's own step (the
 * teacher as initialised: any fixed privileged information will do). With m = 8192 hidden units the measured
 * outputs stay within 0.1 of the prediction (relative to ‖u(0) − z‖); with m = 16 they do not, so the check can
 * fail: a wrong step size c, a wrong H∞ factor or a wrong z would fail the first, a vacuous tolerance the second.
 */
class KernelRegimeTest {
    private static final double TOLERANCE = 0.1;

    private static double maxRelativeError(int width) {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("configs/privileged-mse.yaml"))) {
            root = root.getParent();
        }
        // lr 25 on n = 50, K = 2: c = 0.5, as the shipped config's 128 on 256; λ_max(H∞) of 50 inputs in 50-d is ~1.1.
        Experiment e = Experiments.read(root.resolve("configs/privileged-mse.yaml"), List.of("model=ntk:" + width, "train_size=50",
                "validation_size=20", "epochs=20", "optimizer.lr=25", "teacher.epochs=1", "data=synthetic:relu-teacher,classes=2,d=50,n=200,test=50"));
        RuntimeSettings runtime = new RuntimeSettings("cpu", 50, 0);
        try (RunPlan teacher = RunPlanner.plan(e.teacher().inline(), e.withDefaults(null), null, runtime, "teacher.", k -> k);
                RunPlan plan = RunPlanner.plan(e, null, teacher.experiment(), runtime, "", k -> k)) {
            Replay replay = TrajectoryReplay.replay(plan, new FrozenModel(plan.teacher(), plan.manager()), 0.5);
            assertEquals(50, replay.examples());
            assertEquals(20, replay.iterations());
            CellResult r = CellAnalysis.analyse(replay, width, new double[0]);
            assertEquals(0.5, r.step(), 1e-12);
            System.out.printf("ntk:%d: max relative error %.4f, residual %.4f -> %.4f (predicted %.4f)%n", width, r.maxRelativeError(),
                    r.measuredResidual()[0], r.measuredResidual()[20], r.predictedResidual()[20]);
            return r.maxRelativeError();
        }
    }

    @Test
    void aWideStudentFollowsThePrediction() {
        double e = maxRelativeError(8192);
        assertTrue(e < TOLERANCE, "ntk:8192 max relative error " + e);
    }

    @Test
    void aNarrowStudentVisiblyDoesNot() {
        double e = maxRelativeError(16);
        assertTrue(e > TOLERANCE, "ntk:16 max relative error " + e);
    }
}
