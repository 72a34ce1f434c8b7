package kdlab.datasets.fetch;

import java.util.List;
import java.util.Map;
import kdlab.datasets.DataException;

/**
 * The datasets {@code kdlab data fetch} knows, with their canonical public addresses and published MD5
 * sums (torchvision's resource lists for MNIST and Fashion-MNIST; the CIFAR page of the University of
 * Toronto for the CIFAR binary versions).
 */
public final class DatasetCatalog {
    /**
     * A dataset to fetch.
     *
     * @param name the name given on the command line, also the directory it is unpacked into
     * @param baseUrl where its files are published, ending in '/'
     * @param files its files
     */
    public record Entry(String name, String baseUrl, List<RemoteFile> files) {
        /** Copies the file list. */
        public Entry {
            files = List.copyOf(files);
        }
    }

    private static final Map<String, Entry> ENTRIES = Map.of(
            "mnist", new Entry("mnist", "https://ossci-datasets.s3.amazonaws.com/mnist/", List.of(
                    new RemoteFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", false),
                    new RemoteFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", false),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", false),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", false))),
            "fashion-mnist", new Entry("fashion-mnist", "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", List.of(
                    new RemoteFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", false),
                    new RemoteFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", false),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", false),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", false))),
            "cifar10", new Entry("cifar10", "https://www.cs.toronto.edu/~kriz/", List.of(
                    new RemoteFile("cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", true))),
            "cifar100", new Entry("cifar100", "https://www.cs.toronto.edu/~kriz/", List.of(
                    new RemoteFile("cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", true))));

    /** The names, in the order the help text lists them. */
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist", "cifar10", "cifar100");

    private DatasetCatalog() {}

    /**
     * @param name a dataset name
     * @return its entry
     * @throws DataException listing the known names
     */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new DataException("data fetch: unknown dataset '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
        return e;
    }
}
