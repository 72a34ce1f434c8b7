package kdlab.engine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import kdlab.engine.job.RunJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kdlab train-student}: Hong et al.'s student-teacher learning (CVPR 2021): the student sees noisy
 * inputs and matches the frozen teacher's features on the clean inputs; {@code --feature-weight 0} is the
 * baseline student.
 */
@Command(name = "train-student", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a student on noisy inputs against a frozen teacher's clean-input features.")
public final class TrainStudentCommand implements Callable<Integer> {
    @Option(names = "--teacher", required = true, description = "Directory of a finished teacher run.")
    Path teacher;

    @Option(names = "--noise", required = true, description = "gaussian:SIGMA, poisson:PHOTONS, saltpepper:P or none.")
    String noise;

    @Option(names = "--noise-mode", description = "fixed (one draw per training example, kept every epoch) or fresh (a new draw per batch) (default: ${DEFAULT-VALUE}).", defaultValue = "fixed")
    String noiseMode;

    @Option(names = "--feature-weight", required = true, paramLabel = "LAMBDA", description = "λ of the feature-match term; 0 trains the baseline student.")
    double featureWeight;

    @Option(names = "--taps", split = ",", description = "Taps to match (default: every tap of the teacher).")
    List<String> taps;

    @Option(names = "--connector", description = "none, linear or conv: a connector, trained with the student, maps each matched student tap to the teacher tap's shape where they differ (default: ${DEFAULT-VALUE}).", defaultValue = "none")
    String connector;

    @Option(names = "--data", description = "Data spec (default: the teacher's).")
    String data;

    @Option(names = "--model", description = "Student model spec (default: the teacher's).")
    String model;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() {
        RunJob.train(Shortcuts.student(teacher, data, model, noise, noiseMode, featureWeight, taps, connector, training), training.runtime(),
                training.out, training.overwrite, training.resume, System.err, Shortcuts.FLAG_NAMES);
        return ExitCodes.OK;
    }
}
