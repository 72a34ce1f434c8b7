package kdlab.engine.cli;

import picocli.CommandLine.Option;

/** Flags shared by the training commands. */
public final class TrainingOptions {
    /** @return the runtime settings these flags give */
    kdlab.engine.config.RuntimeSettings runtime() {
        return new kdlab.engine.config.RuntimeSettings(device, logEvery, checkpointEvery, kdlab.engine.objective.TeacherCacheBudget.parse(teacherCache));
    }

    @Option(names = "--epochs", description = "Epochs to train (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int epochs;

    @Option(names = "--batch-size", description = "Examples per step (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int batchSize;

    @Option(names = "--optimizer", description = "sgd or adam (default: ${DEFAULT-VALUE}).", defaultValue = "sgd")
    String optimizer;

    @Option(names = "--lr", description = "Base learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
    double lr;

    @Option(names = "--momentum", description = "SGD momentum (default: ${DEFAULT-VALUE}).", defaultValue = "0.9")
    double momentum;

    @Option(names = "--weight-decay", description = "L2 weight decay (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    double weightDecay;

    @Option(names = "--schedule", description = "constant, cosine or step:EVERY:GAMMA (default: ${DEFAULT-VALUE}).", defaultValue = "constant")
    String schedule;

    @Option(names = "--seed", description = "Run seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String device;

    @Option(names = "--validation-size", description = "Training examples held out for validation; 0 = a tenth, at most 5000 (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int validationSize;

    @Option(names = "--train-size", description = "Use only this many training examples after the hold-out; 0 = all (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int trainSize;

    @Option(names = "--early-stop", paramLabel = "PATIENCE", description = "Stop after PATIENCE epochs without a better validation accuracy; the best weights are kept either way (default: off).", defaultValue = "0")
    int earlyStop;

    @Option(names = "--to-zero-loss", description = "Train until the training loss is below --zero-loss and keep the last weights, not the best.")
    boolean toZeroLoss;

    @Option(names = "--zero-loss", description = "Training loss counted as zero for --to-zero-loss (default: ${DEFAULT-VALUE}).", defaultValue = "1e-3")
    double zeroLossThreshold;

    @Option(names = "--teacher-cache", paramLabel = "auto|off|MB", description = "Keep the frozen teacher's clean-view features of the training set on the device when nothing it sees changes between epochs (no random augmentation); auto = within a quarter of the device's free memory, MB = that budget in MiB. Changes no result, only the time (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String teacherCache;

    @Option(names = "--log-every", description = "Steps between progress updates, each a device read (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    int logEvery;

    @Option(names = "--out", required = true, description = "The run directory to create.")
    java.nio.file.Path out;

    @Option(names = "--augment", description = "Training-time augmentation on the device, e.g. crop:4,flip,normalize:cifar100; validation and test get only pad and normalize (default: ${DEFAULT-VALUE}).", defaultValue = "none")
    String augment;

    @Option(names = "--overwrite", description = "Replace an existing run directory.")
    boolean overwrite;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint; the other flags must be those it was started with.")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Also checkpoint every STEPS optimizer steps inside an epoch; 0 = at epoch ends only (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int checkpointEvery;
}
