package kdlab.engine.cli;

import kdlab.engine.train.StopRequest;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a {@link StopRequest}: the loop finishes its step, writes a checkpoint and
 * the process exits with 130 or 143. A second signal while the first is pending ends the process at once,
 * for a user who really means it.
 */
final class Signals {
    private Signals() {}

    static void install() {
        handle("INT", 130);
        handle("TERM", 143);
    }

    private static void handle(String name, int code) {
        try {
            Signal.handle(new Signal(name), sig -> {
                if (StopRequest.pending() != null) {
                    Runtime.getRuntime().halt(code);
                }
                System.err.println("\nkdlab: SIG" + name + " received: finishing the current step and writing a checkpoint");
                StopRequest.request("SIG" + name, code);
            });
        } catch (IllegalArgumentException e) {
            // The platform does not deliver this signal; the default behaviour stays.
        }
    }
}
