package kdlab.engine;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import kdlab.engine.train.StopRequest;

/**
 * Test hooks for crash-safety tests, off unless the system property {@code kdlab.faultinject} is set:
 * <ul>
 *   <li>{@code pause-at-step:N[:K]}: after optimizer step N (of the K-th training loop in the process that
 *       reaches it, default the first: a sweep runs several), print {@code kdlab-fault: paused at step N} to
 *       stderr and wait (up to 60 s, or until a stop is requested) so that a test can send a real signal or
 *       SIGKILL at a known point;
 *   <li>{@code halt-in-write:NAME:K}: during the K-th atomic write of a file named NAME, after the
 *       temporary file is written and before it replaces the target, halt the JVM as SIGKILL would.
 * </ul>
 */
public final class FaultInjection {
    private static final String SPEC = System.getProperty("kdlab.faultinject", "");
    private static final AtomicInteger WRITES = new AtomicInteger();
    private static final AtomicInteger REACHED = new AtomicInteger();

    private FaultInjection() {}

    /** @param globalStep the optimizer step just completed */
    public static void afterStep(long globalStep) {
        if (!SPEC.startsWith("pause-at-step:")) {
            return;
        }
        String[] parts = SPEC.split(":");
        int occurrence = parts.length > 2 ? Integer.parseInt(parts[2]) : 1;
        if (Long.parseLong(parts[1]) != globalStep || REACHED.incrementAndGet() != occurrence) {
            return;
        }
        System.err.println("kdlab-fault: paused at step " + globalStep);
        System.err.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && StopRequest.pending() == null) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @param target the file whose temporary copy has just been written */
    public static void beforeRename(Path target) {
        if (!SPEC.startsWith("halt-in-write:")) {
            return;
        }
        String[] parts = SPEC.split(":");
        if (target.getFileName().toString().equals(parts[1]) && WRITES.incrementAndGet() == Integer.parseInt(parts[2])) {
            System.err.println("kdlab-fault: halting while writing " + target);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
