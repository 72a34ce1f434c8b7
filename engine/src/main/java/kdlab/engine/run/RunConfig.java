package kdlab.engine.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The resolved configuration of one training run, written as config.json before the first step. Every
 * field is explicit (no defaults left implicit) so that the directory alone reproduces the run.
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
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunConfig(
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

    /** Fields that may change when a run is resumed: they affect neither the model nor the data. */
    public static final java.util.Set<String> RESUMABLE_CHANGES = java.util.Set.of("device", "logEvery", "checkpointEvery");

    /** Copies the tap list. */
    public RunConfig {
        taps = taps == null ? List.of() : List.copyOf(taps);
        connector = connector == null ? "none" : connector;
        augment = augment == null ? "none" : augment;
    }

    /**
     * @param data resolved data spec
     * @param model canonical model spec
     * @param device resolved device
     * @param noise canonical noise spec
     * @return this config with the resolved values
     */
    public RunConfig resolved(String data, String model, String device, String noise) {
        return new RunConfig(role, data, model, epochs, batchSize, optimizer, lr, momentum, weightDecay, schedule, seed, device,
                validationSize, trainSize, teacher, noise, noiseMode, featureWeight, taps, earlyStop, toZeroLoss, zeroLossThreshold,
                logEvery, checkpointEvery, connector, augment);
    }

    /**
     * @param chosen the validated taps
     * @return this config with them
     */
    public RunConfig withTaps(List<String> chosen) {
        return new RunConfig(role, data, model, epochs, batchSize, optimizer, lr, momentum, weightDecay, schedule, seed, device,
                validationSize, trainSize, teacher, noise, noiseMode, featureWeight, chosen, earlyStop, toZeroLoss, zeroLossThreshold,
                logEvery, checkpointEvery, connector, augment);
    }

    /**
     * @param size the resolved hold-out size
     * @return this config with it
     */
    public RunConfig withValidationSize(int size) {
        return new RunConfig(role, data, model, epochs, batchSize, optimizer, lr, momentum, weightDecay, schedule, seed, device,
                size, trainSize, teacher, noise, noiseMode, featureWeight, taps, earlyStop, toZeroLoss, zeroLossThreshold,
                logEvery, checkpointEvery, connector, augment);
    }

    /**
     * Lists the fields that differ from another config, ignoring {@link #RESUMABLE_CHANGES}.
     *
     * @param saved the config of the run being resumed
     * @return "field: saved → now" entries; empty when the run may be resumed
     */
    public List<String> incompatibleChanges(RunConfig saved) {
        java.util.Map<String, Object> now = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().convertValue(this, java.util.Map.class);
        java.util.Map<String, Object> was = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().convertValue(saved, java.util.Map.class);
        List<String> diffs = new java.util.ArrayList<>();
        for (String key : now.keySet()) {
            if (!RESUMABLE_CHANGES.contains(key) && !java.util.Objects.equals(now.get(key), was.get(key))) {
                diffs.add(key + " " + was.get(key) + " -> " + now.get(key));
            }
        }
        return diffs;
    }

    /** @return whether this is a student run */
    @JsonIgnore
    public boolean isStudent() {
        return "student".equals(role);
    }
}
