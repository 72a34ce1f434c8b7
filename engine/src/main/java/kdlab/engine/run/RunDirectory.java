package kdlab.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import kdlab.engine.UsageException;

/**
 * The files of one run. Creating one refuses an existing non-empty directory unless the user said
 * {@code --overwrite}, so a finished run is never silently replaced.
 */
public final class RunDirectory {
    /** config.json */
    public static final String CONFIG = "config.json";
    /** manifest.json */
    public static final String MANIFEST = "manifest.json";
    /** metrics.csv */
    public static final String METRICS = "metrics.csv";
    /** summary.json */
    public static final String SUMMARY = "summary.json";

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Prepares a new run directory.
     *
     * @param root the directory
     * @param overwrite whether an existing run there may be deleted first
     * @return the run directory, existing and empty
     * @throws UsageException when the directory holds files and overwrite is off, or cannot be created
     */
    public static RunDirectory create(Path root, boolean overwrite) {
        return create(root, overwrite, java.util.Set.of());
    }

    /**
     * Creates a run directory in which some entries already present belong to the run being created (its inline
     * teacher's run, {@code teacher/}): they neither count as a previous run nor are deleted by an overwrite.
     *
     * @param root the directory
     * @param overwrite whether a run already there may be replaced
     * @param own names of entries that belong to this run
     * @return the run directory
     */
    public static RunDirectory create(Path root, boolean overwrite, java.util.Set<String> own) {
        try {
            if (Files.exists(root)) {
                if (!Files.isDirectory(root)) {
                    throw new UsageException("--out " + root + ": expected a directory, found a file");
                }
                boolean empty;
                try (Stream<Path> s = Files.list(root)) {
                    // The lock file of the process creating this run is not a run.
                    empty = s.noneMatch(p -> !p.getFileName().toString().equals(RunLock.FILE) && !own.contains(p.getFileName().toString()));
                }
                if (!empty) {
                    if (!overwrite) {
                        throw new UsageException("--out " + root + ": the directory already holds a run; choose another --out or add --overwrite");
                    }
                    deleteContents(root, own);
                }
            }
            Files.createDirectories(root.resolve("checkpoints"));
            if (!Files.isWritable(root)) {
                throw new UsageException("--out " + root + ": the directory is not writable");
            }
        } catch (IOException e) {
            throw new UsageException("--out " + root + ": cannot create the run directory (" + e.getMessage() + ")", e);
        }
        return new RunDirectory(root);
    }

    /**
     * @param root a directory
     * @return whether it holds a run (its config.json)
     */
    public static boolean holdsRun(Path root) {
        return Files.isRegularFile(root.resolve(CONFIG));
    }

    /**
     * Opens an existing run for reading.
     *
     * @param root the directory
     * @return the run
     * @throws UsageException when it holds no config.json
     */
    public static RunDirectory open(Path root) {
        if (!Files.isRegularFile(root.resolve(CONFIG))) {
            throw new UsageException(root + ": expected a kdlab run directory with " + CONFIG + ", found none");
        }
        return new RunDirectory(root);
    }

    private static void deleteContents(Path root, java.util.Set<String> own) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                boolean kept = own.stream().anyMatch(name -> p.startsWith(root.resolve(name)));
                if (!p.equals(root) && !p.equals(root.resolve(RunLock.FILE)) && !kept) {
                    Files.delete(p);
                }
            }
        }
    }

    /** @return the directory */
    public Path root() {
        return root;
    }

    /**
     * The files of one training phase of this run (metrics.csv, checkpoints, done.json), kept apart from the
     * main training's.
     *
     * @param name the phase's name
     * @return {@code RUN/phases/NAME/}, created with its checkpoints folder
     */
    public RunDirectory phase(String name) {
        Path dir = root.resolve("phases").resolve(name);
        try {
            Files.createDirectories(dir.resolve("checkpoints"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        }
        return new RunDirectory(dir);
    }

    /** @return a phase's done.json, written when the phase has trained all its epochs */
    public Path done() {
        return root.resolve("done.json");
    }

    /** @return config.json */
    public Path config() {
        return root.resolve(CONFIG);
    }

    /** @return manifest.json */
    public Path manifest() {
        return root.resolve(MANIFEST);
    }

    /** @return metrics.csv */
    public Path metrics() {
        return root.resolve(METRICS);
    }

    /** @return summary.json */
    public Path summary() {
        return root.resolve(SUMMARY);
    }

    /** @return the best-validation checkpoint */
    public Path best() {
        return root.resolve("checkpoints").resolve("best.ckpt");
    }

    /** @return the latest checkpoint */
    public Path last() {
        return root.resolve("checkpoints").resolve("last.ckpt");
    }

    /**
     * The checkpoint whose weights the run stands for: the one its summary.json scored ({@code weights}:
     * "last" for a run trained to zero loss, else "best"). For a run without a summary (unfinished), the
     * same rule read from its config, and last.ckpt when no best.ckpt was written yet. Teachers, evaluation
     * and reports all take a run's weights from here, so they describe the same network.
     *
     * @return the checkpoint file
     */
    public Path keptWeights() {
        String weights;
        if (Files.isRegularFile(summary())) {
            weights = Json.read(summary(), Summary.class).weights();
        } else {
            weights = readConfig().loop().toZeroLoss() ? "last" : "best";
        }
        return "last".equals(weights) || !Files.isRegularFile(best()) ? last() : best();
    }

    /** @return the config of this run */
    public kdlab.engine.config.Experiment readConfig() {
        return kdlab.engine.config.Experiments.readRun(config()).withDefaults(null);
    }
}
