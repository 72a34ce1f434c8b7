package kdlab.engine.job;

import kdlab.engine.UsageException;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.run.RunConfig;

/** Checks a run's config field by field before anything is loaded, so bad values fail before the first batch. */
final class RunConfigChecks {
    private RunConfigChecks() {}

    /**
     * Checks the numeric fields before anything is loaded.
     *
     * @param c the config
     */
    static void validate(RunConfig c) {
        if (!"teacher".equals(c.role()) && !"student".equals(c.role())) {
            throw new UsageException("role: expected teacher or student, found " + (c.role() == null ? "nothing" : "'" + c.role() + "'"));
        }
        if (c.epochs() < 1) {
            throw new UsageException("--epochs: expected at least 1, found " + c.epochs());
        }
        if (c.batchSize() < 1) {
            throw new UsageException("--batch-size: expected at least 1, found " + c.batchSize());
        }
        if (!(c.lr() > 0) || !Double.isFinite(c.lr())) {
            throw new UsageException("--lr: expected a positive number, found " + c.lr());
        }
        if (c.momentum() < 0 || c.momentum() >= 1) {
            throw new UsageException("--momentum: expected a number in [0, 1), found " + c.momentum());
        }
        if (c.weightDecay() < 0) {
            throw new UsageException("--weight-decay: expected a number >= 0, found " + c.weightDecay());
        }
        if (c.validationSize() < 0) {
            throw new UsageException("--validation-size: expected 0 (automatic) or more, found " + c.validationSize());
        }
        if (c.trainSize() < 0) {
            throw new UsageException("--train-size: expected 0 (all) or more, found " + c.trainSize());
        }
        if (!(c.featureWeight() >= 0) || !Double.isFinite(c.featureWeight())) {
            throw new UsageException("--feature-weight: expected a number >= 0, found " + c.featureWeight());
        }
        if (c.earlyStop() < 0) {
            throw new UsageException("--early-stop: expected a patience of 1 or more epochs, found " + c.earlyStop());
        }
        if (c.checkpointEvery() < 0) {
            throw new UsageException("--checkpoint-every: expected 0 (epoch ends only) or a number of steps, found " + c.checkpointEvery());
        }
        if (c.logEvery() < 1) {
            throw new UsageException("--log-every: expected at least 1, found " + c.logEvery());
        }
        if (!"fixed".equals(c.noiseMode()) && !"fresh".equals(c.noiseMode())) {
            throw new UsageException("--noise-mode: expected fixed or fresh, found '" + c.noiseMode() + "'");
        }
        if (!java.util.List.of("none", "linear", "conv").contains(c.connector())) {
            throw new UsageException("--connector: expected none, linear or conv, found '" + c.connector() + "'");
        }
        if (!"sgd".equals(c.optimizer()) && !"adam".equals(c.optimizer())) {
            throw new UsageException("--optimizer: expected sgd or adam, found '" + c.optimizer() + "'");
        }
        try {
            LrSchedule.parse(c.schedule(), c.lr());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
