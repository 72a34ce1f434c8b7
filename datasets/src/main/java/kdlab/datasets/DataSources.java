package kdlab.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.datasets.idx.IdxDataSource;
import kdlab.datasets.synthetic.SyntheticDataSource;

/** Turns a {@code --data} spec into a {@link DataSource}. */
public final class DataSources {
    /** Where Debian's dataset-fashion-mnist package installs Fashion-MNIST. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    /** The prefix of generated datasets. */
    public static final String SYNTHETIC_PREFIX = "synthetic:";

    private DataSources() {}

    /**
     * @param spec null or blank for {@link #DEFAULT_DIR}; {@code synthetic:NAME[,key=value...]};
     *     {@code csv:train=FILE,test=FILE,label=COLUMN}; {@code cifar10:DIR}, {@code cifar100:DIR},
     *     {@code cifar100-coarse:DIR}; or an IDX directory
     * @return the source; directories are checked when described or loaded
     * @throws DataException for an unknown generator or option
     */
    public static DataSource parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return new IdxDataSource(Path.of(DEFAULT_DIR));
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

    /** @return whether Fashion-MNIST is installed at {@link #DEFAULT_DIR} */
    public static boolean defaultAvailable() {
        return Files.isDirectory(Path.of(DEFAULT_DIR)) && IdxDataSource.hasFiles(Path.of(DEFAULT_DIR));
    }
}
