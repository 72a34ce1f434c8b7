package kdlab.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.concurrent.TimeUnit;
import kdlab.datasets.Batch;
import kdlab.datasets.noise.Noise;
import kdlab.engine.job.RunJob;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.View;
import kdlab.engine.optim.SgdOptimizer;
import kdlab.engine.train.TrainingStep;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One student-teacher training step of Hong et al. (CVPR 2021) on Fashion-MNIST-shaped inputs (padded to
 * 32×32 for the CNN): fresh
 * Gaussian noise on the batch, student forward on noisy inputs, frozen teacher forward on clean inputs,
 * cross-entropy plus feature match, backward, SGD update. Run with
 * {@code java -cp "benchmarks/target/kdlab-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StudentTeacherStepBenchmark {
    /** Teacher and student model: an MLP on 28×28 inputs, or a CNN on 32×32. */
    @Param({"mlp:512,512", "resnet20"})
    public String model;

    /** Examples per step. */
    @Param({"128"})
    public int batchSize;

    /** The --device flag. */
    @Param({"cpu"})
    public String device;

    private NDManager manager;
    private TrainingStep step;
    private NDArray inputs;
    private NDArray labels;
    private Noise noise;

    /** Builds models and a resident batch. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = BenchmarkDevice.open(device);
        ModelSpec spec = ModelSpec.parse(model);
        Shape input = spec.inputShape(new Shape(1, 28, 28));
        TappedBlock teacher = spec.build(10, true);
        teacher.initialize(manager, DataType.FLOAT32, input);
        TappedBlock student = spec.build(10, true);
        student.initialize(manager, DataType.FLOAT32, input);
        FrozenModel frozen = new FrozenModel(teacher, manager);
        Objective objective = kdlab.engine.objective.HongObjective.of(true, View.TRAINED_NOISY, 1.0, teacher.tapNames());
        step = new TrainingStep(student, new ParameterStore(manager, false), frozen, objective,
                new SgdOptimizer(manager, 0.9f, 0f), View.TRAINED_NOISY);
        inputs = manager.randomUniform(0, 1, new Shape(batchSize).addAll(input.slice(1)));
        labels = manager.randomInteger(0, 10, new Shape(batchSize), DataType.INT64);
        noise = Noise.parse("gaussian:0.5");
    }

    /** Frees the device memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * @return the step's loss, read from the device so the step's work is complete
     */
    @Benchmark
    public float studentTeacherStep() {
        try (NDManager stepManager = manager.newSubManager()) {
            NDArray x = inputs.duplicate();
            x.attach(stepManager);
            NDArray noisy = noise.apply(x);
            Batch batch = new Batch(stepManager, x, noisy, labels, null);
            return step.run(batch, 0.01f, null).total().getFloat();
        }
    }

    /** @param args JMH arguments */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }

}
