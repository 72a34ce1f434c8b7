package kdlab.datasets;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kdlab.datasets.idx.IdxDataSource;
import kdlab.datasets.synthetic.SyntheticDataSource;

/** Turns a {@code --data} spec into a {@link DataSource}. */
public final class DataSources {
    /** Where Debian's dataset-fashion-mnist package installs Fashion-MNIST. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    /**
     * The system property that replaces the default search path: directories separated by the platform's
     * path separator. Tests point it elsewhere to act as a machine without Fashion-MNIST.
     */
    public static final String SEARCH_PROPERTY = "kdlab.data.search";
    /** The prefix of generated datasets. */
    public static final String SYNTHETIC_PREFIX = "synthetic:";

    private DataSources() {}

    /**
     * Where Fashion-MNIST is looked for when no {@code --data} is given, in order: {@code kdlab data fetch}'s
     * directory ({@code ~/.kdlab/datasets/fashion-mnist}), then Debian's package ({@link #DEFAULT_DIR}).
     * A fetched copy comes first because a user who fetched one chose it.
     *
     * @return the directories searched, in order
     */
    public static List<Path> defaultSearch() {
        String override = System.getProperty(SEARCH_PROPERTY);
        if (override != null) {
            List<Path> dirs = new ArrayList<>();
            for (String part : override.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
                if (!part.isBlank()) {
                    dirs.add(Path.of(part.trim()));
                }
            }
            return dirs;
        }
        return List.of(Path.of(System.getProperty("user.home"), ".kdlab", "datasets", "fashion-mnist"), Path.of(DEFAULT_DIR));
    }

    /** @return the first directory of {@link #defaultSearch()} that holds a complete IDX dataset */
    public static Optional<Path> findDefault() {
        return defaultSearch().stream().filter(d -> Files.isDirectory(d) && IdxDataSource.hasFiles(d)).findFirst();
    }

    /**
     * @param spec null or blank for the first dataset {@link #findDefault()} finds; {@code synthetic:NAME[,key=value...]};
     *     {@code csv:train=FILE,test=FILE,label=COLUMN}; {@code cifar10:DIR}, {@code cifar100:DIR},
     *     {@code cifar100-coarse:DIR}; or an IDX directory
     * @return the source; directories are checked when described or loaded
     * @throws DataException for an unknown generator or option, or when no spec is given and no default
     *     dataset is found
     */
    public static DataSource parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return new IdxDataSource(findDefault().orElseThrow(() -> new DataException(
                    "--data: none given, and no Fashion-MNIST was found in " + defaultSearch()
                            + "; install it (apt-get install dataset-fashion-mnist), fetch it (kdlab data fetch fashion-mnist) or pass --data")));
        }
        String s = spec.trim();
        if (s.startsWith("csv:")) {
            return kdlab.datasets.csv.CsvDataSource.parse(s.substring("csv:".length()));
        }
        if (s.startsWith(SYNTHETIC_PREFIX)) {
            return SyntheticDataSource.parse(s.substring(SYNTHETIC_PREFIX.length()));
        }
        if (kdlab.datasets.cifar.CifarDataSource.isSpec(s)) {
            return kdlab.datasets.cifar.CifarDataSource.parse(s);
        }
        return new IdxDataSource(Path.of(s));
    }

    /** @return whether a default dataset is found (see {@link #defaultSearch()}) */
    public static boolean defaultAvailable() {
        return findDefault().isPresent();
    }
}
