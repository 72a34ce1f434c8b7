package kdlab.engine.cli;

import kdlab.engine.UsageException;

/** Checks between flags that picocli cannot express on its own. */
final class CliChecks {
    private CliChecks() {}

    static void exclusive(TrainingOptions t) {
        if (t.toZeroLoss && t.earlyStop > 0) {
            throw new UsageException("--early-stop and --to-zero-loss exclude each other: choose one");
        }
    }
}
