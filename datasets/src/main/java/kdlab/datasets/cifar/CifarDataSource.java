package kdlab.datasets.cifar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import kdlab.datasets.DataException;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DataSource;
import kdlab.datasets.LoadedData;
import kdlab.datasets.Split;

/**
 * A directory holding the binary version of CIFAR-10 or CIFAR-100, either the files themselves or the
 * archive's own subdirectory ({@code cifar-10-batches-bin/}, {@code cifar-100-binary/}, as {@code kdlab
 * data fetch} unpacks them).
 *
 * <ul>
 *   <li>CIFAR-10: {@code data_batch_1.bin} … {@code data_batch_5.bin} and {@code test_batch.bin}; each
 *       record is 1 label byte (0..9) and 3072 pixel bytes.
 *   <li>CIFAR-100: {@code train.bin} and {@code test.bin}; each record is 1 coarse label byte (0..19), 1
 *       fine label byte (0..99) and 3072 pixel bytes. The fine labels are the targets unless the coarse
 *       variant is chosen.
 * </ul>
 *
 * The pixels of a record are the red plane, then the green, then the blue, each 32×32 in row-major order,
 * which is already the [C, H, W] layout. Images become float32 [N, 3, 32, 32] with values in [0, 1];
 * labels int64 [N].
 */
public final class CifarDataSource implements DataSource {
    /** The image side. */
    public static final int SIDE = 32;
    /** The colour channels. */
    public static final int CHANNELS = 3;
    /** The pixel bytes of one record. */
    public static final int PIXELS = CHANNELS * SIDE * SIDE;

    private static final Pattern CIFAR10_BATCH = Pattern.compile("data_batch_\\d+\\.bin");

    /** Which dataset, and for CIFAR-100 which labels. */
    public enum Variant {
        /** CIFAR-10, 10 classes. */
        CIFAR10("cifar10", "CIFAR-10", "cifar-10-batches-bin", "cifar-10-binary.tar.gz",
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
                "test_batch.bin", new String[] {"label"}, new int[] {10}, 0),
        /** CIFAR-100 with its 100 fine labels. */
        CIFAR100("cifar100", "CIFAR-100", "cifar-100-binary", "cifar-100-binary.tar.gz", List.of("train.bin"), "test.bin",
                new String[] {"coarse label", "fine label"}, new int[] {20, 100}, 1),
        /** CIFAR-100 with its 20 coarse labels (superclasses). */
        CIFAR100_COARSE("cifar100-coarse", "CIFAR-100", "cifar-100-binary", "cifar-100-binary.tar.gz", List.of("train.bin"), "test.bin",
                new String[] {"coarse label", "fine label"}, new int[] {20, 100}, 0);

        private final String prefix;
        private final String title;
        private final String subdirectory;
        private final String archive;
        private final List<String> trainFiles;
        private final String testFile;
        private final String[] labelNames;
        private final int[] labelRanges;
        private final int target;

        Variant(String prefix, String title, String subdirectory, String archive, List<String> trainFiles, String testFile,
                String[] labelNames, int[] labelRanges, int target) {
            this.prefix = prefix;
            this.title = title;
            this.subdirectory = subdirectory;
            this.archive = archive;
            this.trainFiles = trainFiles;
            this.testFile = testFile;
            this.labelNames = labelNames;
            this.labelRanges = labelRanges;
            this.target = target;
        }

        /** @return the spec prefix before the ':' ({@code cifar10}, {@code cifar100}, {@code cifar100-coarse}) */
        public String prefix() {
            return prefix;
        }

        /** @return the number of classes of the targets */
        public int classes() {
            return labelRanges[target];
        }

        /** @return the bytes of one record: the label bytes and the pixels */
        public int recordBytes() {
            return labelRanges.length + PIXELS;
        }

        /** @return the archive's own subdirectory */
        public String subdirectory() {
            return subdirectory;
        }

        /** @return the training files, in order */
        public List<String> trainFiles() {
            return trainFiles;
        }

        /** @return the test file */
        public String testFile() {
            return testFile;
        }

        private List<String> allFiles() {
            List<String> all = new ArrayList<>(trainFiles);
            all.add(testFile);
            return all;
        }
    }

    /** The spec forms {@link #parse} reads, for error messages. */
    public static final String FORMS = "cifar10:DIR, cifar100:DIR or cifar100-coarse:DIR";

    private final Path dir;
    private final Variant variant;

    /**
     * @param dir the directory holding the files or the archive's subdirectory
     * @param variant which dataset and labels
     */
    public CifarDataSource(Path dir, Variant variant) {
        this.dir = dir;
        this.variant = variant;
    }

    /**
     * @param spec a {@code --data} spec, trimmed
     * @return whether it names a CIFAR source ({@link #FORMS})
     */
    public static boolean isSpec(String spec) {
        for (Variant v : Variant.values()) {
            if (spec.startsWith(v.prefix + ":")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param spec {@code cifar10:DIR}, {@code cifar100:DIR} or {@code cifar100-coarse:DIR}
     * @return the source; the directory is checked when described or loaded
     * @throws DataException for another prefix or a missing directory name
     */
    public static CifarDataSource parse(String spec) {
        String s = spec.trim();
        for (Variant v : Variant.values()) {
            if (s.startsWith(v.prefix + ":")) {
                String d = s.substring(v.prefix.length() + 1).trim();
                if (d.isEmpty()) {
                    throw new DataException("--data '" + spec + "': expected a directory after '" + v.prefix + ":', found nothing");
                }
                return new CifarDataSource(Path.of(d), v);
            }
        }
        throw new DataException("--data '" + spec + "': expected " + FORMS + ", found '" + s + "'");
    }

    /** @return the dataset and labels */
    public Variant variant() {
        return variant;
    }

    @Override
    public String spec() {
        return variant.prefix + ":" + dir;
    }

    /** {@inheritDoc} Checks that the files exist and hold whole records, from their sizes only. */
    @Override
    public DataInfo describe() {
        Path base = locate();
        for (String name : variant.allFiles()) {
            records(base.resolve(name));
        }
        return new DataInfo(spec(), true, variant.classes(), new Shape(CHANNELS, SIDE, SIDE));
    }

    @Override
    public LoadedData load(NDManager manager) {
        DataInfo info = describe();
        Path base = locate();
        List<Path> train = new ArrayList<>();
        for (String name : variant.trainFiles) {
            train.add(base.resolve(name));
        }
        Split trainSplit = split(manager, train);
        Split testSplit = split(manager, List.of(base.resolve(variant.testFile)));
        return new LoadedData(info, trainSplit, testSplit);
    }

    /** Finds the directory holding the files: the one given, or the archive's subdirectory inside it. */
    private Path locate() {
        String expected = "the " + variant.title + " binary files " + String.join(", ", variant.allFiles());
        if (!Files.isDirectory(dir)) {
            throw new DataException("--data " + spec() + ": expected a directory holding " + expected + ", found no such directory");
        }
        Path sub = dir.resolve(variant.subdirectory);
        Path base = null;
        for (Path candidate : List.of(dir, sub)) {
            if (Files.isDirectory(candidate) && !present(candidate).isEmpty()) {
                base = candidate;
                break;
            }
        }
        if (base == null) {
            String hint = Files.isRegularFile(dir.resolve(variant.archive))
                    ? "; found the archive " + variant.archive + " there: unpack it with tar xzf" : "";
            throw new DataException("--data " + spec() + ": expected " + expected + " in " + dir + " or " + sub + ", found none of them" + hint);
        }
        List<String> found = present(base);
        for (String name : variant.allFiles()) {
            if (!found.contains(name)) {
                throw new DataException(base.resolve(name) + ": missing: expected " + expected + " in " + base + ", found only "
                        + String.join(", ", found));
            }
        }
        if (variant == Variant.CIFAR10) {
            TreeSet<String> batches = new TreeSet<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(base)) {
                for (Path p : files) {
                    String name = p.getFileName().toString();
                    if (CIFAR10_BATCH.matcher(name).matches() && Files.isRegularFile(p)) {
                        batches.add(name);
                    }
                }
            } catch (IOException e) {
                throw new DataException(base + ": cannot list (" + e.getMessage() + ")", e);
            }
            if (batches.size() != variant.trainFiles.size()) {
                throw new DataException(base + ": wrong number of files: expected " + variant.trainFiles.size() + " training batches "
                        + String.join(", ", variant.trainFiles) + ", found " + batches.size() + ": " + String.join(", ", batches));
            }
        }
        return base;
    }

    private List<String> present(Path candidate) {
        List<String> found = new ArrayList<>();
        for (String name : variant.allFiles()) {
            if (Files.isRegularFile(candidate.resolve(name))) {
                found.add(name);
            }
        }
        return found;
    }

    /** @return the number of records of a file, from its size */
    private int records(Path file) {
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        int rec = variant.recordBytes();
        if (length == 0 || length % rec != 0) {
            throw new DataException(file + ": truncated: expected a positive multiple of " + rec + " bytes (" + variant.title
                    + " records of " + (rec - PIXELS) + " label byte" + (rec - PIXELS == 1 ? "" : "s") + " and " + PIXELS + " pixels), found "
                    + length + " bytes");
        }
        return Math.toIntExact(length / rec);
    }

    private Split split(NDManager manager, List<Path> files) {
        int rec = variant.recordBytes();
        long total = 0;
        int[] counts = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            counts[i] = records(files.get(i));
            total += (long) counts[i] * rec;
        }
        if (total > Integer.MAX_VALUE) {
            throw new DataException(files.get(0) + ": expected at most " + Integer.MAX_VALUE + " bytes per split, found " + total);
        }
        // Read straight into direct memory, which DJL hands to the native library without another copy.
        ByteBuffer buf = ByteBuffer.allocateDirect((int) total);
        int start = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            int length = counts[i] * rec;
            ByteBuffer slice = buf.slice(start, length);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (slice.hasRemaining()) {
                    if (ch.read(slice) < 0) {
                        throw new DataException(file + ": truncated: expected " + length + " bytes, found " + slice.position()
                                + " (the file shrank while being read)");
                    }
                }
            } catch (IOException e) {
                throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
            }
            checkLabels(file, buf, start, counts[i]);
            start += length;
        }
        int n = Math.toIntExact(total / rec);
        NDArray raw = manager.create(buf, new Shape(n, rec), DataType.UINT8);
        int labelBytes = rec - PIXELS;
        NDArray pixelBytes = raw.get(new NDIndex(":, " + labelBytes + ":"));
        NDArray images = pixelBytes.reshape(n, CHANNELS, SIDE, SIDE);
        NDArray asFloat = images.toType(DataType.FLOAT32, false);
        NDArray inputs = asFloat.div(255f);
        NDArray labelColumn = raw.get(new NDIndex(":, " + variant.target));
        NDArray targets = labelColumn.toType(DataType.INT64, false);
        for (NDArray a : new NDArray[] {raw, pixelBytes, images, asFloat, labelColumn}) {
            a.close();
        }
        return new Split(inputs, targets);
    }

    /** Checks every label byte of every record (one byte per record per label, not the pixels). */
    private void checkLabels(Path file, ByteBuffer buf, int start, int count) {
        int rec = variant.recordBytes();
        for (int j = 0; j < variant.labelRanges.length; j++) {
            int range = variant.labelRanges[j];
            for (int r = 0; r < count; r++) {
                int label = buf.get(start + r * rec + j) & 0xff;
                if (label >= range) {
                    throw new DataException(file + ": label out of range at index " + r + ": expected a " + variant.labelNames[j] + " 0.."
                            + (range - 1) + ", found " + label);
                }
            }
        }
    }
}
