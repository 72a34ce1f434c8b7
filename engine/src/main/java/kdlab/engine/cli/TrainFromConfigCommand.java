package kdlab.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.job.RunJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kdlab train --config FILE [--set PATH=VALUE ...] --out RUN}: runs the experiment a file describes —
 * with an inline teacher, the teacher first, into RUN/teacher. A run's config.json is its resolved experiment,
 * so {@code --config RUN/config.json} repeats a run.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the experiment an experiment file (YAML or JSON) describes; an inline teacher is trained first, into RUN/teacher,",
                "or reused when it is already there with the same experiment. See configs/ for examples."})
public final class TrainFromConfigCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The experiment: a YAML or JSON file, or a run's config.json.")
    Path config;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override one value, by dotted path: --set epochs=1, --set objective.kd.weight=0.9, "
            + "--set teacher.epochs=2, --set data=DIR. Repeatable; applied in order.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", required = true, description = "The run directory to create.")
    Path out;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String device;

    @Option(names = "--log-every", description = "Steps between progress updates, each a device read (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    int logEvery;

    @Option(names = "--teacher-cache", paramLabel = "auto|off|MB", description = "Keep the frozen teacher's clean-view features of the training set on the device when nothing it sees changes between epochs (no random augmentation); auto = within a quarter of the device's free memory, MB = that budget in MiB. Changes no result, only the time (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String teacherCache;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Also checkpoint every STEPS optimizer steps inside an epoch; 0 = at epoch ends only (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int checkpointEvery;

    @Option(names = "--overwrite", description = "Replace an existing run directory (an inline teacher there is kept when its experiment is unchanged).")
    boolean overwrite;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint; the experiment must be the one it was started with.")
    boolean resume;

    /** A message about an experiment key, raised once the models are known; it then also names the file. */
    private static final java.util.regex.Pattern KEY_MESSAGE = java.util.regex.Pattern.compile(
            "^(data|model|epochs|seed|train_size|validation_size|test_size|noise|augment|teacher|objective|phases|optimizer|schedule|loop)[. :\\[].*", java.util.regex.Pattern.DOTALL);

    @Override
    public Integer call() {
        Experiment experiment = Experiments.read(config, sets);
        try {
            RunJob.train(experiment, new RuntimeSettings(device, logEvery, checkpointEvery, kdlab.engine.objective.TeacherCacheBudget.parse(teacherCache)), out, overwrite, resume, System.err);
        } catch (kdlab.engine.UsageException e) {
            if (KEY_MESSAGE.matcher(e.getMessage()).matches()) {
                throw new kdlab.engine.UsageException(config + (sets.isEmpty() ? "" : " with --set") + ": " + e.getMessage(), e);
            }
            throw e;
        }
        return ExitCodes.OK;
    }
}
