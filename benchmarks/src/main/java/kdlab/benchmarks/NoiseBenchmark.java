package kdlab.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
import kdlab.datasets.noise.Noise;
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
 * Fresh-noise draws on one Fashion-MNIST batch (128 × 784 values), as the loop does per step in fresh mode.
 * The Poisson draw is built from basic ops (DJL's PyTorch engine lacks samplePoisson), so its cost is
 * worth watching.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NoiseBenchmark {
    /** The noise spec. */
    @Param({"gaussian:0.5", "poisson:50", "saltpepper:0.1"})
    public String noise;

    private NDManager manager;
    private NDArray clean;
    private Noise parsed;

    /** Makes a resident batch. */
    @Setup(Level.Trial)
    public void setUp() {
        manager = BenchmarkDevice.open("cpu");
        clean = manager.randomUniform(0, 1, new Shape(128, 1, 28, 28));
        parsed = Noise.parse(noise);
    }

    /** Frees the arrays. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** @return one noisy value, read so the draw is complete */
    @Benchmark
    public float draw() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = clean.duplicate();
            x.attach(step);
            return parsed.apply(x).getFloat(0, 0, 0, 0);
        }
    }
}
