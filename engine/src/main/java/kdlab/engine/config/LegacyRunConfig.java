package kdlab.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kdlab.engine.UsageException;

/**
 * The config.json of a run written before experiments were record trees (kdlab up to the trust issue): flat
 * fields and a role. Still read, so that those runs load in {@code evaluate}, serve as teachers and can be
 * repeated; {@link #toExperiment()} says what the same run is as an experiment.
 *
 * @param role "teacher" or "student"
 * @param data the data spec (an IDX directory or {@code synthetic:...})
 * @param model the model spec, e.g. {@code mlp:512,512}
 * @param epochs planned epochs
 * @param batchSize examples per step
 * @param optimizer "sgd" or "adam"
 * @param lr base learning rate
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param schedule learning-rate schedule spec
 * @param seed the run seed
 * @param device the device the run trained on
 * @param validationSize examples held out from the training split for validation
 * @param trainSize examples used for training after the hold-out (0 = all)
 * @param teacher the teacher run directory (students only)
 * @param noise the input noise spec ("none" for teachers)
 * @param noiseMode "fixed" (one draw per sample) or "fresh" (a new draw per batch)
 * @param featureWeight λ of the feature-match term (students only)
 * @param taps matched tap names (students only)
 * @param earlyStop patience in epochs, 0 for none
 * @param toZeroLoss train until the training loss is below {@code zeroLossThreshold}
 * @param zeroLossThreshold the training loss counted as zero
 * @param logEvery steps between progress reads from the device
 * @param checkpointEvery optimizer steps between mid-epoch checkpoints (0: at epoch ends only)
 * @param connector "none", or the connector kind ("linear", "conv") inserted where a student tap's shape
 *     differs from the teacher's
 * @param augment the training-time augmentation pipeline ("none", or e.g. "crop:4,flip,normalize:cifar100");
 *     validation and test batches get only its deterministic steps (padding, normalisation)
 */
public record LegacyRunConfig(
        String role,
        String data,
        String model,
        int epochs,
        int batchSize,
        String optimizer,
        double lr,
        double momentum,
        double weightDecay,
        String schedule,
        long seed,
        String device,
        int validationSize,
        int trainSize,
        String teacher,
        String noise,
        String noiseMode,
        double featureWeight,
        List<String> taps,
        int earlyStop,
        boolean toZeroLoss,
        double zeroLossThreshold,
        int logEvery,
        int checkpointEvery,
        String connector,
        String augment) {

    /** Copies the tap list. */
    public LegacyRunConfig {
        taps = taps == null ? List.of() : List.copyOf(taps);
        connector = connector == null ? "none" : connector;
        augment = augment == null ? "none" : augment;
    }

    /**
     * @param tree a config.json's content
     * @return whether it is in this old form (it has a role)
     */
    static boolean isLegacy(JsonNode tree) {
        return tree.has("role");
    }

    /**
     * @param file the file, for messages
     * @param tree its content
     * @return the old config
     */
    static LegacyRunConfig read(Path file, JsonNode tree) {
        try {
            return Experiments.JSON.treeToValue(tree, LegacyRunConfig.class);
        } catch (java.io.IOException e) {
            throw new UsageException(file + ": not a valid run config: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * The same run as an experiment: a student's objective is its output loss plus λ·feature match, as the
     * old train-student built it; cross-entropy unless its data can be read and has regression targets.
     *
     * @return the experiment
     */
    public Experiment toExperiment() {
        ObjectiveSetting objective = null;
        if ("student".equals(role)) {
            List<TermSetting> terms = new ArrayList<>();
            boolean classification = true;
            try {
                classification = kdlab.datasets.DataSources.parse(data).describe().classification();
            } catch (RuntimeException e) {
                // The data are gone from where the run was trained; labels are the common case.
            }
            terms.add(classification
                    ? new TermSetting("ce", "ce", 1.0, kdlab.engine.objective.WeightSchedule.CONSTANT, new kdlab.engine.objective.CrossEntropyTerm.Spec("noisy"))
                    : new TermSetting("mse", "mse", 1.0, kdlab.engine.objective.WeightSchedule.CONSTANT, new kdlab.engine.objective.SquaredErrorTerm.Spec("noisy")));
            terms.add(new TermSetting("feature_match", "feature_match", featureWeight, kdlab.engine.objective.WeightSchedule.CONSTANT,
                    new kdlab.engine.objective.FeatureMatchTerm.Spec(taps, connector, "noisy", "clean")));
            objective = new ObjectiveSetting(terms);
        }
        return new Experiment(data, model, epochs, seed, trainSize, validationSize, null, new NoiseSetting(noise, noiseMode), augment,
                teacher == null ? null : new TeacherSetting(teacher, null), objective, null,
                new OptimizerSetting(optimizer, lr, momentum, weightDecay), schedule, new LoopSetting(batchSize, earlyStop, toZeroLoss, zeroLossThreshold));
    }
}
