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
        int logEvery) {

    /** Copies the tap list. */
    public RunConfig {
        taps = taps == null ? List.of() : List.copyOf(taps);
    }

    /** @return whether this is a student run */
    @JsonIgnore
    public boolean isStudent() {
        return "student".equals(role);
    }
}
