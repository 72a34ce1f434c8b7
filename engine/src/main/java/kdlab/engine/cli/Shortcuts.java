package kdlab.engine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import kdlab.datasets.DataSources;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.LoopSetting;
import kdlab.engine.config.NoiseSetting;
import kdlab.engine.config.ObjectiveSetting;
import kdlab.engine.config.OptimizerSetting;
import kdlab.engine.config.TeacherSetting;
import kdlab.engine.config.TermSetting;
import kdlab.engine.objective.CrossEntropyTerm;
import kdlab.engine.objective.FeatureMatchTerm;
import kdlab.engine.objective.SquaredErrorTerm;
import kdlab.engine.objective.WeightSchedule;
import kdlab.engine.run.RunDirectory;

/**
 * The experiments that the {@code train-teacher} and {@code train-student} flags (and the demo) stand for: the
 * flags are shortcuts that write the same tree an experiment file does, and messages name the flags.
 */
final class Shortcuts {
    /** Experiment keys by the flag that sets them, for messages. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("data", "--data"),
            Map.entry("model", "--model"),
            Map.entry("epochs", "--epochs"),
            Map.entry("seed", "--seed"),
            Map.entry("train_size", "--train-size"),
            Map.entry("validation_size", "--validation-size"),
            Map.entry("noise.mode", "--noise-mode"),
            Map.entry("augment", "--augment"),
            Map.entry("optimizer.type", "--optimizer"),
            Map.entry("optimizer.lr", "--lr"),
            Map.entry("optimizer.momentum", "--momentum"),
            Map.entry("optimizer.weight_decay", "--weight-decay"),
            Map.entry("schedule", "--schedule"),
            Map.entry("loop.batch_size", "--batch-size"),
            Map.entry("loop.early_stop", "--early-stop"),
            Map.entry("loop.zero_loss", "--zero-loss"),
            Map.entry("objective.feature_match", "--feature-weight"),
            Map.entry("objective.feature_match.taps", "--taps"),
            Map.entry("objective.feature_match.connector", "--connector"));

    /** Names a key by its flag where it has one. */
    static final UnaryOperator<String> FLAG_NAMES = key -> FLAGS.getOrDefault(key, key);

    private Shortcuts() {}

    /**
     * @param data the data spec, or null for the default search
     * @param model the model spec
     * @param t the shared training flags
     * @return Hong et al.'s teacher: the output loss on clean inputs
     */
    static Experiment teacher(String data, String model, TrainingOptions t) {
        return new Experiment(data, model, t.epochs, t.seed, t.trainSize, t.validationSize, null, NoiseSetting.NONE, t.augment, null, null, null,
                optimizer(t), t.schedule, loop(t));
    }

    /**
     * Hong et al.'s student (CVPR 2021): the output loss on noisy inputs plus λ·feature match against the
     * frozen teacher's clean-input features; λ = 0 is the baseline student, whose feature distance is still
     * reported.
     *
     * @param teacher the teacher run
     * @param data the data spec, or null for the teacher's
     * @param model the student's model spec, or null for the teacher's
     * @param noise the noise spec
     * @param noiseMode fixed or fresh
     * @param lambda the feature-match weight
     * @param taps the matched taps (empty: all shared)
     * @param connector none, linear or conv
     * @param t the shared training flags
     * @return the experiment
     */
    static Experiment student(Path teacher, String data, String model, String noise, String noiseMode, double lambda, List<String> taps,
            String connector, TrainingOptions t) {
        Experiment teacherRun = RunDirectory.open(teacher).readConfig();
        String dataSpec = data == null ? teacherRun.data() : data;
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new kdlab.engine.UsageException("--feature-weight: expected a number >= 0, found " + lambda);
        }
        boolean classification = DataSources.parse(dataSpec).describe().classification();
        TermSetting output = classification
                ? new TermSetting("ce", "ce", 1.0, WeightSchedule.CONSTANT, new CrossEntropyTerm.Spec("noisy"))
                : new TermSetting("mse", "mse", 1.0, WeightSchedule.CONSTANT, new SquaredErrorTerm.Spec("noisy"));
        TermSetting match = new TermSetting("feature_match", "feature_match", lambda, WeightSchedule.CONSTANT,
                new FeatureMatchTerm.Spec(taps == null ? List.of() : taps, connector, "noisy", "clean"));
        return new Experiment(data, model == null ? teacherRun.model() : model, t.epochs, t.seed, t.trainSize, t.validationSize, null,
                new NoiseSetting(noise, noiseMode), t.augment, new TeacherSetting(teacher.toString(), null), new ObjectiveSetting(List.of(output, match)), null,
                optimizer(t), t.schedule, loop(t));
    }

    private static OptimizerSetting optimizer(TrainingOptions t) {
        return new OptimizerSetting(t.optimizer, t.lr, t.momentum, t.weightDecay);
    }

    private static LoopSetting loop(TrainingOptions t) {
        CliChecks.exclusive(t);
        if (t.batchSize < 1) {
            throw new kdlab.engine.UsageException("--batch-size: expected at least 1, found " + t.batchSize);
        }
        return new LoopSetting(t.batchSize, t.earlyStop, t.toZeroLoss, t.zeroLossThreshold);
    }
}
