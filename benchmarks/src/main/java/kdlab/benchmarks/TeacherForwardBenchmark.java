package kdlab.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.concurrent.TimeUnit;
import kdlab.engine.objective.FrozenModel;
import kdlab.models.ModelSpec;
import kdlab.models.fold.BatchNormFolding;
import kdlab.models.tap.Features;
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
 * The tapped teacher forward: one inference-mode forward of a frozen teacher ({@link FrozenModel}) on a
 * Fashion-MNIST-shaped batch (padded to 32×32 for a CNN), output and every tap, with its batch norms folded
 * into the convolutions before them (Jacob et al., CVPR 2018, §3.2) or not. The teacher's batch norms carry
 * non-trivial statistics (a few training-mode forwards first), though the cost does not depend on them. Run
 * with {@code OMP_NUM_THREADS=2 java -Dai.djl.offline=true -cp
 * "benchmarks/target/kdlab-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main
 * TeacherForwardBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TeacherForwardBenchmark {
    /** The teacher. */
    @Param({"resnet20"})
    public String model;

    /** Whether the batch norms are folded, as {@link FrozenModel} does, or left as they are. */
    @Param({"true", "false"})
    public boolean folded;

    /** Examples per forward. */
    @Param({"128"})
    public int batchSize;

    /** The --device flag. */
    @Param({"cpu"})
    public String device;

    private NDManager manager;
    private FrozenModel teacher;
    private NDArray inputs;

    /** Builds the teacher and a resident batch. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = BenchmarkDevice.open(device);
        ModelSpec spec = ModelSpec.parse(model);
        Shape input = spec.inputShape(new Shape(1, 28, 28));
        TappedBlock block = spec.build(10, true);
        block.initialize(manager, DataType.FLOAT32, input);
        Shape batch = new Shape(batchSize).addAll(input.slice(1));
        ParameterStore store = new ParameterStore(manager, false);
        for (int i = 0; i < 3; i++) {
            try (NDManager sub = manager.newSubManager()) {
                block.forward(store, new NDList(sub.randomNormal(batch)), true);
            }
        }
        teacher = new FrozenModel(block, manager);
        if (!folded) {
            BatchNormFolding.unfold(block);
        }
        inputs = manager.randomUniform(0, 1, batch);
    }

    /** Frees the device memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * @return the sum of the output, read from the device so that the forward's work is complete (the taps are
     *     computed on the way to the output)
     */
    @Benchmark
    public float teacherForward() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = inputs.duplicate();
            x.attach(step);
            Features f = teacher.forward(x);
            return f.output().sum().getFloat();
        }
    }

    /** @param args JMH arguments */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
