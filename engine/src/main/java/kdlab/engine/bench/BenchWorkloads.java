package kdlab.engine.bench;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.engine.UsageException;

/** The registry of {@link BenchWorkload}s, one line each. */
public final class BenchWorkloads {
    private static final Map<String, BenchWorkload> ALL = new LinkedHashMap<>();

    static {
        add(new BenchWorkload("st-mlp", "mlp:1024,1024", new Shape(1, 28, 28), 256, 55_000, List.of(),
                "784-1024-1024-10 teacher and student, batch 256, 55,000 examples an epoch, feature match on both hidden taps"));
        add(new BenchWorkload("st-resnet20", "resnet20", new Shape(1, 32, 32), 128, 5_120, List.of("stage1", "stage2", "stage3"),
                "resnet20 teacher and student on 1x32x32 inputs, batch 128, 5,120 examples an epoch, feature match on the three stages"));
    }

    private BenchWorkloads() {}

    private static void add(BenchWorkload w) {
        ALL.put(w.name(), w);
    }

    /**
     * @param name a workload name
     * @return the workload
     * @throws UsageException naming the known workloads
     */
    public static BenchWorkload named(String name) {
        BenchWorkload w = ALL.get(name);
        if (w == null) {
            throw new UsageException("bench: expected a workload among " + ALL.keySet() + ", found '" + name + "'");
        }
        return w;
    }

    /** @return every workload, in registry order */
    public static List<BenchWorkload> all() {
        return List.copyOf(ALL.values());
    }
}
