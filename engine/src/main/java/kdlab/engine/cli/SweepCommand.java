package kdlab.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kdlab sweep ...}: grids of runs (docs/sweeps.md). */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Grids of ordinary runs that survive interruption and split over processes, machines and job arrays (docs/sweeps.md).",
        subcommands = {SweepRunCommand.class, SweepStatusCommand.class, SweepSlurmCommand.class, SweepK8sCommand.class, CommandLine.HelpCommand.class})
public final class SweepCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
    }
}
