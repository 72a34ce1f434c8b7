package kdlab.engine.train;

/**
 * A request, usually from SIGINT or SIGTERM, to stop after the current step. The loop then writes a
 * checkpoint and ends with {@link RunInterruptedException}; {@code --resume} continues from there.
 */
public final class StopRequest {
    private static volatile String signal;
    private static volatile int exitCode;

    private StopRequest() {}

    /**
     * @param name the signal's name, e.g. "SIGTERM"
     * @param code the exit code to end with (128 + the signal number)
     */
    public static void request(String name, int code) {
        exitCode = code;
        signal = name;
    }

    /** @return the pending signal's name, or null */
    public static String pending() {
        return signal;
    }

    /** @return the exit code of the pending request */
    public static int exitCode() {
        return exitCode;
    }

    /** Forgets a request (tests run several loops in one JVM). */
    public static void clear() {
        signal = null;
        exitCode = 0;
    }
}
