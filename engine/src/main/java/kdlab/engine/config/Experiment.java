package kdlab.engine.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One experiment: everything that decides what a run computes, as a value an experiment file describes
 * (YAML or JSON, snake_case keys). The keys {@code data}, {@code model}, {@code epochs}, {@code seed},
 * {@code train_size}, {@code noise} and {@code teacher} are relied on by scripts outside kdlab and stay fixed.
 * A value left out takes its default ({@link #withDefaults}); the {@code config.json} of a run is the
 * resolved experiment, every value explicit, and {@code kdlab train --config RUN/config.json} repeats it.
 * Settings that may change on resume live in {@link RuntimeSettings}, not here.
 *
 * @param data an IDX or CIFAR directory, a CSV file or synthetic:NAME[,k=v...]; default: the teacher run's
 *     data, an inline teacher's parent's, else Fashion-MNIST from the default search path
 * @param model the model spec, e.g. mlp:512,512, resnet8 or ntk:2048 (required)
 * @param epochs planned epochs (default 10)
 * @param seed the run seed (default 0; an inline teacher's default is its parent's)
 * @param trainSize training examples used after the hold-out, 0 = all (default 0)
 * @param validationSize examples held out for validation, 0 = a tenth, at most 5,000 (default 0)
 * @param testSize test examples scored, the first ones of the test split; absent or 0 = all (an inline teacher's
 *     default is its parent's). For quick checks and smoke-scale studies, where scoring 10,000 images costs more
 *     than a short training
 * @param noise the noisy view's corruption (default none)
 * @param augment the training-time augmentation pipeline (default none)
 * @param teacher the teacher: a run directory or an inline experiment; absent for a run without a teacher
 * @param objective the weighted terms minimised (default: cross-entropy, or squared error for regression)
 * @param phases training phases that run before the main training, in order (AB's, FT's and FSP's
 *     initialisation); absent for none
 * @param optimizer the optimizer (default sgd, lr 0.05, momentum 0.9)
 * @param schedule the learning-rate schedule: constant, cosine or step:EVERY:GAMMA (default constant)
 * @param loop batch size and stopping rule
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"data", "model", "epochs", "seed", "train_size", "validation_size", "test_size", "noise", "augment", "teacher", "objective", "phases",
        "optimizer", "schedule", "loop"})
public record Experiment(
        String data,
        String model,
        Integer epochs,
        Long seed,
        Integer trainSize,
        Integer validationSize,
        Integer testSize,
        NoiseSetting noise,
        String augment,
        TeacherSetting teacher,
        ObjectiveSetting objective,
        java.util.List<PhaseSetting> phases,
        OptimizerSetting optimizer,
        String schedule,
        LoopSetting loop) {

    /**
     * Fills every absent value but {@code data} and {@code objective}, which depend on the data found.
     *
     * @param parent the experiment an inline teacher belongs to, or null
     * @return this experiment with defaults
     */
    public Experiment withDefaults(Experiment parent) {
        long defaultSeed = parent != null && parent.seed() != null ? parent.seed() : 0L;
        return new Experiment(
                data == null && parent != null ? parent.data() : data,
                model,
                epochs == null ? 10 : epochs,
                seed == null ? defaultSeed : seed,
                trainSize == null ? 0 : trainSize,
                validationSize == null ? 0 : validationSize,
                // Left absent rather than 0, so config.json of runs made before the key existed still match on resume.
                inheritedTestSize(parent),
                noise == null ? NoiseSetting.NONE : noise,
                augment == null ? "none" : augment,
                teacher,
                objective,
                phases == null || phases.isEmpty() ? null : phases.stream()
                        .map(p -> p.withDefaults(optimizer == null || optimizer.lr() == null ? 0.05 : optimizer.lr())).toList(),
                (optimizer == null ? new OptimizerSetting(null, null, null, null) : optimizer).withDefaults(),
                schedule == null ? "constant" : schedule,
                (loop == null ? new LoopSetting(null, null, null, null) : loop).withDefaults());
    }

    /** An inline teacher is scored on its student's test subset unless it names its own. */
    private Integer inheritedTestSize(Experiment parent) {
        Integer n = testSize == null && parent != null && parent.testSize() != null && parent.testSize() > 0 ? parent.testSize() : testSize;
        return n == null || n == 0 ? null : n;
    }

    /**
     * @param resolvedData the data spec as resolved
     * @param canonicalModel the canonical model spec
     * @param canonicalNoise the canonical noise spec
     * @param resolvedTeacher the teacher with its own values resolved, or null
     * @param resolvedObjective the objective with defaults
     * @return this experiment with the resolved values
     */
    public Experiment resolved(String resolvedData, String canonicalModel, String canonicalNoise, TeacherSetting resolvedTeacher,
            ObjectiveSetting resolvedObjective) {
        return new Experiment(resolvedData, canonicalModel, epochs, seed, trainSize, validationSize, testSize,
                new NoiseSetting(canonicalNoise, noise.mode()), augment, resolvedTeacher, resolvedObjective, phases, optimizer, schedule, loop);
    }

    /**
     * @param size the resolved hold-out
     * @return this experiment with it
     */
    public Experiment withValidationSize(int size) {
        return new Experiment(data, model, epochs, seed, trainSize, size, testSize, noise, augment, teacher, objective, phases, optimizer, schedule, loop);
    }
}
