package kdlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No kdlab method copies an array from the device to the host except {@link kdlab.engine.train.HostReads},
 * which counts every read, and the code that runs after training (reports, study analyses, the benchmark's
 * GEMM timing). So the count {@code HostReads} keeps is every read the training loop makes, and
 * {@code StepReadsTest} can hold the loop to one per logging interval.
 */
class DeviceReadsOnlyThroughHostReadsTest {
    private static final Pattern READ = Pattern.compile(
            "InterfaceMethod ai/djl/ndarray/NDArray\\.(getFloat|getDouble|getLong|getInt|getByte|getBoolean|getUint8|toArray|toFloatArray|toDoubleArray"
                    + "|toLongArray|toIntArray|toByteArray|toBooleanArray|toUint8Array|toByteBuffer|toString|getItem)[:(]");

    /** Packages whose code runs after training and reads results freely. */
    private static final Set<String> AFTER_TRAINING = Set.of("kdlab.engine.report.", "kdlab.engine.study.");

    /** Single methods allowed to read, each with its reason. */
    private static final Set<String> ALLOWED = Set.of(
            // The one counted place.
            "kdlab.engine.train.HostReads.floats",
            "kdlab.engine.train.HostReads.scalar",
            "kdlab.engine.train.HostReads.longs",
            // kdlab bench: one read ends each timed round of matrix products, outside any training.
            "kdlab.engine.bench.GemmRate.measure");

    @Test
    void onlyHostReadsAndPostTrainingCodeReadTheDevice() throws Exception {
        Set<String> callers = CompiledCalls.callers(READ);
        // The scan must see reads at all, or an empty result would prove nothing.
        assertTrue(callers.containsAll(Set.of("kdlab.engine.train.HostReads.floats", "kdlab.engine.bench.GemmRate.measure")), "scan found " + callers);
        callers.removeAll(ALLOWED);
        callers.removeIf(c -> AFTER_TRAINING.stream().anyMatch(c::startsWith));
        assertEquals(Set.of(), callers, "methods reading the device directly: go through kdlab.engine.train.HostReads, which counts each read");
    }
}
