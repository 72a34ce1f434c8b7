package kdlab.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kdlab.engine.sweep.SweepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kdlab sweep status DIR}. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Cells of a sweep directory: done, running, failed, pending.")
public final class SweepStatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The sweep directory (its grid.json).")
    Path dir;

    @Override
    public Integer call() {
        SweepStatus.print(dir, System.out);
        System.out.flush();
        return ExitCodes.OK;
    }
}
