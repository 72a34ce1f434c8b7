package kdlab.engine.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import kdlab.datasets.Batch;
import kdlab.engine.job.RunJob;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.View;
import kdlab.engine.optim.SgdOptimizer;
import kdlab.models.Activation;
import kdlab.models.Mlp;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.Test;

/**
 * The deep-linear check of PAPERS.md §1.4 (Hong et al., CVPR 2021, finding 1): a two-layer linear student
 * trained to zero loss from near-zero initialisation ends at the same end-to-end map as the baseline
 * (both reach Y·X̃⁺), while along the trajectory, where early stopping would take it, the two differ.
 */
class DeepLinearExactnessTest {
    private static final int N = 10; // N <= D: the noisy inputs have full column rank
    private static final int D = 20;
    /** Narrower than N so the teacher features H_t = W1t·X are well conditioned and zero loss is reached fast. */
    private static final int H = 5;
    private static final int K = 3;
    private static final int STEPS = 3000;
    private static final float LR = 0.05f;
    /** The end-to-end maps differ by O(init): measured 4e-3 at 1e-3 and 4e-4 at 1e-4. */
    private static final float INIT = 1e-4f;

    @Test
    void zeroLossErasesTheTeacherButEarlyStoppingDoesNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            TappedBlock teacher = linear();
            teacher.initialize(m, DataType.FLOAT32, new Shape(1, D));
            NDArray x = m.randomNormal(new Shape(N, D));
            NDArray noisy = x.add(m.randomNormal(new Shape(N, D)).mul(0.5f));
            NDArray y = teacher.forward(new ParameterStore(m, false), new NDList(x), false).head().duplicate();
            FrozenModel frozen = new FrozenModel(teacher, m);

            Trajectory baseline = train(m, frozen, x, noisy, y, 0.0);
            Trajectory studentTeacher = train(m, frozen, x, noisy, y, 1.0);

            double early = relativeDifference(baseline.early, studentTeacher.early);
            double converged = relativeDifference(baseline.end, studentTeacher.end);
            assertTrue(baseline.finalLoss < 1e-10 && studentTeacher.finalLoss < 1e-10,
                    "both must reach zero training loss, found " + baseline.finalLoss + " and " + studentTeacher.finalLoss);
            assertTrue(converged < 2e-3, "at zero loss the end-to-end maps must coincide, relative difference " + converged);
            assertTrue(early > 0.1, "early in training the maps must differ, relative difference " + early);
        }
    }

    private record Trajectory(float[] early, float[] end, double finalLoss) {}

    private static TappedBlock linear() {
        return Mlp.builder().setHiddenWidths(H).setOutputSize(K).optActivation(Activation.IDENTITY).optBias(false).build();
    }

    private static Trajectory train(NDManager m, FrozenModel frozen, NDArray x, NDArray noisy, NDArray y, double lambda) {
        Engine.getInstance().setRandomSeed(11);
        TappedBlock student = linear();
        student.setInitializer(new NormalInitializer(INIT), Parameter.Type.WEIGHT);
        student.initialize(m, DataType.FLOAT32, new Shape(1, D));
        Objective objective = kdlab.engine.objective.HongObjective.of(false, View.TRAINED_NOISY, lambda, List.of("hidden1"));
        TrainingStep step = new TrainingStep(student, new ParameterStore(m, false), frozen, objective, new SgdOptimizer(m, 0.9f, 0f), View.TRAINED_NOISY);
        float[] early = null;
        double loss = Double.NaN;
        for (int i = 1; i <= STEPS; i++) {
            try (NDManager stepManager = m.newSubManager()) {
                Batch batch = new Batch(stepManager, x, noisy, y, null);
                double total = step.run(batch, LR, null).total().getFloat();
                loss = total;
            }
            if (i == 40) {
                early = endToEnd(student);
            }
        }
        return new Trajectory(early, endToEnd(student), loss);
    }

    private static float[] endToEnd(TappedBlock block) {
        NDArray w1 = null;
        NDArray w2 = null;
        for (var p : block.getParameters()) {
            if (w1 == null) {
                w1 = p.getValue().getArray();
            } else {
                w2 = p.getValue().getArray();
            }
        }
        return w2.matMul(w1).toFloatArray();
    }

    private static double relativeDifference(float[] a, float[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (double) (a[i] - b[i]);
            den += a[i] * (double) a[i];
        }
        return Math.sqrt(num / den);
    }
}
