package kdlab.datasets.cifar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes CIFAR binary files; tests use it to make datasets and corrupt ones. */
public final class CifarWriter {
    private CifarWriter() {}

    /**
     * Writes records of CIFAR-10 (one label per record) or CIFAR-100 (coarse, then fine label).
     *
     * @param file the target
     * @param labels per record, its label bytes (1 for CIFAR-10, 2 for CIFAR-100), written as given
     * @param pixels per record, {@link CifarDataSource#PIXELS} bytes: the red plane, the green, the blue
     * @throws IOException on a write failure
     * @throws IllegalArgumentException when the counts or lengths disagree
     */
    public static void write(Path file, int[][] labels, byte[][] pixels) throws IOException {
        if (labels.length != pixels.length) {
            throw new IllegalArgumentException("cifar writer: " + labels.length + " label rows but " + pixels.length + " pixel rows");
        }
        int labelBytes = labels.length == 0 ? 0 : labels[0].length;
        byte[] out = new byte[labels.length * (labelBytes + CifarDataSource.PIXELS)];
        int at = 0;
        for (int r = 0; r < labels.length; r++) {
            if (labels[r].length != labelBytes || pixels[r].length != CifarDataSource.PIXELS) {
                throw new IllegalArgumentException("cifar writer: record " + r + ": expected " + labelBytes + " labels and "
                        + CifarDataSource.PIXELS + " pixels, found " + labels[r].length + " and " + pixels[r].length);
            }
            for (int label : labels[r]) {
                out[at++] = (byte) label;
            }
            System.arraycopy(pixels[r], 0, out, at, CifarDataSource.PIXELS);
            at += CifarDataSource.PIXELS;
        }
        Files.write(file, out);
    }
}
