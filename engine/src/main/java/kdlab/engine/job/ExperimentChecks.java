package kdlab.engine.job;

import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.optim.LrSchedule;

/**
 * Checks an experiment's values one by one before anything is loaded, so a bad value fails before the first
 * batch. Messages name the experiment key (which the CLI's shortcut flags mirror: {@code loop.batch_size} is
 * {@code --batch-size}).
 */
final class ExperimentChecks {
    private ExperimentChecks() {}

    /**
     * @param prefix "" for the experiment, "teacher." for an inline teacher
     * @param e the experiment, defaults filled
     * @param key how messages name a key: itself in an experiment file, the flag for the CLI's shortcuts
     */
    static void validate(String prefix, Experiment e, java.util.function.UnaryOperator<String> key) {
        if (e.model() == null || e.model().isBlank()) {
            throw new UsageException(key.apply(prefix + "model") + ": required, e.g. mlp:512,512, resnet8 or ntk:2048");
        }
        if (e.epochs() < 1) {
            throw new UsageException(key.apply(prefix + "epochs") + ": expected at least 1, found " + e.epochs());
        }
        if (e.loop().batchSize() < 0) {
            throw new UsageException(key.apply(prefix + "loop.batch_size") + ": expected at least 1, or 0 for the whole training set, found " + e.loop().batchSize());
        }
        double lr = e.optimizer().lr();
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new UsageException(key.apply(prefix + "optimizer.lr") + ": expected a positive number, found " + lr);
        }
        if (e.optimizer().momentum() < 0 || e.optimizer().momentum() >= 1) {
            throw new UsageException(key.apply(prefix + "optimizer.momentum") + ": expected a number in [0, 1), found " + e.optimizer().momentum());
        }
        if (e.optimizer().weightDecay() < 0) {
            throw new UsageException(key.apply(prefix + "optimizer.weight_decay") + ": expected a number >= 0, found " + e.optimizer().weightDecay());
        }
        if (!"sgd".equals(e.optimizer().type()) && !"adam".equals(e.optimizer().type())) {
            throw new UsageException(key.apply(prefix + "optimizer.type") + ": expected sgd or adam, found '" + e.optimizer().type() + "'");
        }
        if (e.testSize() != null && e.testSize() < 0) {
            throw new UsageException(key.apply(prefix + "test_size") + ": expected 0 (all) or more, found " + e.testSize());
        }
        if (e.validationSize() < 0) {
            throw new UsageException(key.apply(prefix + "validation_size") + ": expected 0 (automatic) or more, found " + e.validationSize());
        }
        if (e.trainSize() < 0) {
            throw new UsageException(key.apply(prefix + "train_size") + ": expected 0 (all) or more, found " + e.trainSize());
        }
        if (e.loop().earlyStop() < 0) {
            throw new UsageException(key.apply(prefix + "loop.early_stop") + ": expected a patience of 1 or more epochs, or 0 for none, found " + e.loop().earlyStop());
        }
        if (!(e.loop().zeroLoss() > 0)) {
            throw new UsageException(key.apply(prefix + "loop.zero_loss") + ": expected a number > 0, found " + e.loop().zeroLoss());
        }
        if (!"fixed".equals(e.noise().mode()) && !"fresh".equals(e.noise().mode())) {
            throw new UsageException(key.apply(prefix + "noise.mode") + ": expected fixed or fresh, found '" + e.noise().mode() + "'");
        }
        try {
            LrSchedule.parse(e.schedule(), lr);
        } catch (IllegalArgumentException ex) {
            throw new UsageException(key.apply(prefix + "schedule") + ": " + ex.getMessage().replaceFirst("^--(schedule|lr): ", ""), ex);
        }
    }

    /**
     * @param r the runtime settings
     */
    static void validate(RuntimeSettings r) {
        if (r.checkpointEvery() < 0) {
            throw new UsageException("--checkpoint-every: expected 0 (epoch ends only) or a number of steps, found " + r.checkpointEvery());
        }
        if (r.logEvery() < 1) {
            throw new UsageException("--log-every: expected at least 1, found " + r.logEvery());
        }
    }
}
