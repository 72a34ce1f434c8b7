package kdlab.engine.cli;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import kdlab.engine.UsageException;
import kdlab.models.cnn.CnnZoo;
import kdlab.models.cnn.ParameterCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kdlab models}: every CNN family with its trainable parameter count for a 3×32×32 input (batch-norm
 * running statistics excluded), one per line as {@code NAME PARAMS}. MLPs are sized by their spec
 * ({@code mlp:H1,H2...}) and are not listed.
 */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the CNN families and their trainable parameter counts.")
public final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--classes", description = "Number of classes (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int classes;

    @Override
    public Integer call() {
        if (classes < 1) {
            throw new UsageException("--classes: expected at least 1, found " + classes);
        }
        for (String name : CnnZoo.names()) {
            try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
                long count = ParameterCounts.trainable(CnnZoo.build(name, classes), manager, ParameterCounts.CIFAR_INPUT);
                System.out.println(name + " " + count);
            }
        }
        return ExitCodes.OK;
    }
}
