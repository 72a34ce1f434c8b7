package kdlab.engine.cli;

import java.util.concurrent.Callable;
import kdlab.engine.job.RunJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdlab train-teacher}: trains a teacher on clean inputs. */
@Command(name = "train-teacher", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a teacher on clean inputs and write a run directory.")
public final class TrainTeacherCommand implements Callable<Integer> {
    @Option(names = "--data", description = "IDX directory or synthetic:NAME[,k=v...] (default: Fashion-MNIST from ~/.kdlab/datasets/fashion-mnist, else /usr/share/datasets/fashion-mnist).")
    String data;

    @Option(names = "--model", description = "Model spec, e.g. mlp:512,512 or mlp:64:identity (default: ${DEFAULT-VALUE}).", defaultValue = "mlp:512,512")
    String model;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() {
        RunJob.train(Shortcuts.teacher(data, model, training), training.runtime(), training.out, training.overwrite, training.resume, System.err,
                Shortcuts.FLAG_NAMES);
        return ExitCodes.OK;
    }
}
