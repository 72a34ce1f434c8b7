package kdlab.datasets.idx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.datasets.DataException;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DataSource;
import kdlab.datasets.LoadedData;
import kdlab.datasets.Split;

/**
 * A directory of IDX files with the standard MNIST names ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}), each
 * raw or {@code .gz}. Images become float32 [N, 1, 28, 28] with values in [0, 1]; labels int64 [N].
 */
public final class IdxDataSource implements DataSource {
    /** The number of classes of the MNIST family. */
    public static final int CLASSES = 10;
    /** The image side of the MNIST family. */
    public static final int SIDE = 28;
    private static final String[] STEMS = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private final Path dir;

    /** @param dir the directory */
    public IdxDataSource(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir a directory
     * @return whether all four files are there
     */
    public static boolean hasFiles(Path dir) {
        for (String stem : STEMS) {
            if (find(dir, stem) == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String spec() {
        return dir.toString();
    }

    @Override
    public DataInfo describe() {
        for (String stem : STEMS) {
            locate(stem);
        }
        return new DataInfo(spec(), true, CLASSES, new Shape(1, SIDE, SIDE));
    }

    @Override
    public LoadedData load(NDManager manager) {
        describe();
        Split train = split(manager, "train");
        Split test = split(manager, "t10k");
        return new LoadedData(describe(), train, test);
    }

    private Split split(NDManager manager, String prefix) {
        IdxFile images = IdxFile.read(locate(prefix + "-images-idx3-ubyte"), IdxFile.IMAGES_MAGIC);
        IdxFile labels = IdxFile.read(locate(prefix + "-labels-idx1-ubyte"), IdxFile.LABELS_MAGIC);
        int n = images.dims()[0];
        int rows = images.dims()[1];
        int cols = images.dims()[2];
        if (rows != SIDE || cols != SIDE) {
            throw new DataException(images.path() + ": unexpected image size: expected " + SIDE + "x" + SIDE + ", found " + rows + "x" + cols);
        }
        if (labels.dims()[0] != n) {
            throw new DataException(labels.path() + ": expected " + n + " labels to match " + images.path().getFileName() + ", found " + labels.dims()[0]);
        }
        byte[] lb = labels.data();
        for (int i = 0; i < n; i++) {
            int label = lb[labels.offset() + i] & 0xff;
            if (label >= CLASSES) {
                throw new DataException(labels.path() + ": label out of range at index " + i + ": expected 0.." + (CLASSES - 1) + ", found " + label);
            }
        }
        NDArray x = bytesToArray(manager, images, (long) n * rows * cols, new Shape(n, 1, rows, cols));
        NDArray pixels = x.toType(DataType.FLOAT32, false).div(255f);
        x.close();
        NDArray y = bytesToArray(manager, labels, n, new Shape(n));
        NDArray targets = y.toType(DataType.INT64, false);
        y.close();
        return new Split(pixels, targets);
    }

    private static NDArray bytesToArray(NDManager manager, IdxFile file, long length, Shape shape) {
        // DJL copies host buffers to the device from direct memory; one bulk put, no per-byte loop.
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.toIntExact(length));
        buf.put(file.data(), file.offset(), Math.toIntExact(length));
        buf.rewind();
        return manager.create(buf, shape, DataType.UINT8);
    }

    private Path locate(String stem) {
        if (!Files.isDirectory(dir)) {
            throw new DataException("--data " + dir + ": expected a directory of IDX files (" + String.join(", ", STEMS)
                    + ", raw or .gz) or synthetic:NAME, found no such directory");
        }
        Path p = find(dir, stem);
        if (p == null) {
            throw new DataException("--data " + dir + ": expected the IDX file " + stem + " or " + stem + ".gz, found neither");
        }
        return p;
    }

    private static Path find(Path dir, String stem) {
        Path gz = dir.resolve(stem + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(stem);
        return Files.isRegularFile(raw) ? raw : null;
    }
}
