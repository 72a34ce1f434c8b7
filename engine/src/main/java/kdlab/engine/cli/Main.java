package kdlab.engine.cli;

import java.io.PrintWriter;
import kdlab.datasets.DataException;
import kdlab.engine.UsageException;
import kdlab.engine.train.NonFiniteLossException;
import kdlab.models.ModelSpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code kdlab} command. */
@Command(
        name = "kdlab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Knowledge transfer from teacher to student networks (DJL + PyTorch).",
        subcommands = {
            TrainTeacherCommand.class,
            TrainStudentCommand.class,
            TrainFromConfigCommand.class,
            EvaluateCommand.class,
            DemoCommand.class,
            DataCommand.class,
            ModelsCommand.class,
            SweepCommand.class,
            StudyCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Inherited by every command, so that any of them can be given its share of the cores. */
    @CommandLine.Option(names = "--threads", scope = CommandLine.ScopeType.INHERIT, paramLabel = "N",
            description = "libtorch intra-op threads; 0 = SLURM_CPUS_PER_TASK, else OMP_NUM_THREADS, else every CPU this process may use (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    int threads;

    /**
     * Runs kdlab and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Signals.install();
        System.exit(run(args));
    }

    /**
     * Runs kdlab without exiting, for tests.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int run(String... args) {
        // DJL must never try the network: native libraries come from the jars on the classpath.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        // DJL probes CUDA on every start and warns on machines without a GPU; the device line says enough.
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("kdlab: " + ex.getMessage() + " (see 'kdlab " + ex.getCommandLine().getCommandName() + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        cli.setExecutionStrategy(parsed -> {
            // Before any command touches the engine: a budget applies to the whole process.
            int threads = 0;
            for (CommandLine c : parsed.asCommandLineList()) {
                Integer given = c.getParseResult().matchedOptionValue("--threads", null);
                threads = given == null ? threads : given;
            }
            try {
                kdlab.engine.ThreadBudget.apply(threads);
            } catch (UsageException e) {
                throw new CommandLine.ParameterException(parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1), e.getMessage());
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli.execute(args);
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UsageException || ex instanceof DataException || ex instanceof ModelSpecException) {
            err.println("kdlab: " + ex.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        if (ex instanceof kdlab.engine.train.RunInterruptedException interrupted) {
            err.println("kdlab: " + ex.getMessage());
            err.flush();
            return interrupted.exitCode();
        }
        if (ex instanceof NonFiniteLossException) {
            err.println("kdlab: " + ex.getMessage());
            err.flush();
            return ExitCodes.DIVERGED;
        }
        err.println("kdlab: internal error, please report it with the trace below");
        ex.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
    }
}
