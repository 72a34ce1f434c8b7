package kdlab.engine.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import kdlab.datasets.fetch.DatasetCatalog;
import kdlab.datasets.fetch.Fetcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdlab data}: dataset management. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Dataset management.",
        subcommands = {DataCommand.Fetch.class})
public final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: choose one of " + spec.subcommands().keySet());
    }

    /** {@code kdlab data fetch NAME}: download, verify and unpack a standard dataset. */
    @Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Download a dataset from its canonical address, verify its MD5 sums and unpack it atomically into DIR/NAME.")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist, cifar10 or cifar100.")
        String name;

        @Option(names = "--dir", description = "Parent directory (default: ${DEFAULT-VALUE}).", defaultValue = "${sys:user.home}/.kdlab/datasets")
        Path dir;

        @Option(names = "--mirror", description = "Fetch the same files from this base URL instead of the canonical one.")
        String mirror;

        @Override
        public Integer call() {
            DatasetCatalog.Entry entry = DatasetCatalog.get(name);
            Path target = dir.resolve(entry.name());
            if (java.nio.file.Files.isDirectory(target)) {
                System.err.println("data fetch: " + target + " is already there; delete it to fetch again");
                System.out.println(target);
                return ExitCodes.OK;
            }
            boolean tty = System.console() != null;
            Path done = new Fetcher().fetch(entry, mirror == null ? entry.baseUrl() : mirror, dir, (file, bytes, total) -> {
                String line = total > 0
                        ? String.format(Locale.ROOT, "data fetch: %s %.1f / %.1f MB (%.0f%%)", file, bytes / 1e6, total / 1e6, 100.0 * bytes / total)
                        : String.format(Locale.ROOT, "data fetch: %s %.1f MB", file, bytes / 1e6);
                if (tty) {
                    System.err.print("\r" + line);
                } else if (bytes == total) {
                    System.err.println(line);
                }
            });
            if (tty) {
                System.err.println();
            }
            System.err.println("data fetch: " + entry.name() + " verified and unpacked; use --data " + done);
            System.out.println(done);
            return ExitCodes.OK;
        }
    }
}
