package kdlab.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kdlab.engine.job.RunJob;
import kdlab.engine.run.Json;
import kdlab.engine.run.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdlab train --config FILE}: trains the run a config.json describes, e.g. to repeat a run. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the teacher or student described by a config file (the config.json of a run).")
public final class TrainFromConfigCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "A JSON config with the keys of a run's config.json; unknown keys are errors.")
    Path config;

    @Option(names = "--out", required = true, description = "The run directory to create.")
    Path out;

    @Option(names = "--device", description = "Override the config's device: auto, cpu, gpu or gpu:N.")
    String device;

    @Option(names = "--overwrite", description = "Replace an existing run directory.")
    boolean overwrite;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Override
    public Integer call() {
        RunConfig c = Json.read(config, RunConfig.class);
        if (device != null) {
            c = c.resolved(c.data(), c.model(), device, c.noise());
        }
        RunJob.train(c, out, overwrite, resume, System.err);
        return ExitCodes.OK;
    }
}
