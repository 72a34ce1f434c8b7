package kdlab.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import kdlab.datasets.idx.IdxWriter;

/**
 * The tiny IDX image dataset that the CNN fixture under {@code fixtures/djl-0.25/resnet8-idx-teacher} was
 * trained on: 28×28 grey images in 10 classes, class c being dim noise with a bright horizontal band at rows
 * 4+2c and 5+2c. Written from {@code new Random(SEED)} in a fixed order, so the bytes are the same on every
 * JDK; the fixture's README records their SHA-256. The fixture was made by running {@link #main} against the
 * DJL 0.25 build, and {@link LegacyRunTest} rewrites the same files in a temporary directory.
 */
public final class LegacyImageData {
    /** The seed of the pixel and label draw. */
    public static final long SEED = 25;
    /** Training examples. */
    public static final int TRAIN = 200;
    /** Test examples. */
    public static final int TEST = 50;

    private static final int SIDE = 28;
    private static final int CLASSES = 10;

    private LegacyImageData() {}

    /**
     * Writes the four IDX files (train and t10k images and labels, uncompressed) into a directory.
     *
     * @param dir the directory, created when missing
     * @throws IOException on a write failure
     */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(SEED);
        split(dir, "train", TRAIN, r);
        split(dir, "t10k", TEST, r);
    }

    private static void split(Path dir, String prefix, int n, Random r) throws IOException {
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * SIDE * SIDE];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(CLASSES);
            labels[i] = (byte) c;
            for (int y = 0; y < SIDE; y++) {
                boolean band = y == 4 + 2 * c || y == 5 + 2 * c;
                for (int x = 0; x < SIDE; x++) {
                    int v = band ? 160 + r.nextInt(96) : r.nextInt(96);
                    pixels[i * SIDE * SIDE + y * SIDE + x] = (byte) v;
                }
            }
        }
        IdxWriter.writeImages(dir.resolve(prefix + "-images-idx3-ubyte"), SIDE, SIDE, pixels);
        IdxWriter.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte"), labels);
    }

    /**
     * Writes the dataset where the first argument says (used once, with the DJL 0.25 build, to make the fixture).
     *
     * @param args the target directory
     * @throws IOException on a write failure
     */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]));
    }
}
