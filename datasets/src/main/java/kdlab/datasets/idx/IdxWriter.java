package kdlab.datasets.idx;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files (raw, or gzip when the name ends in .gz); tests use it to make datasets and corrupt ones. */
public final class IdxWriter {
    private IdxWriter() {}

    /**
     * @param file the target
     * @param rows image height
     * @param cols image width
     * @param pixels count·rows·cols unsigned bytes
     * @throws IOException on a write failure
     */
    public static void writeImages(Path file, int rows, int cols, byte[] pixels) throws IOException {
        write(file, IdxFile.IMAGES_MAGIC, new int[] {pixels.length / (rows * cols), rows, cols}, pixels);
    }

    /**
     * @param file the target
     * @param labels one unsigned byte per example
     * @throws IOException on a write failure
     */
    public static void writeLabels(Path file, byte[] labels) throws IOException {
        write(file, IdxFile.LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    /**
     * Writes any header and payload, including inconsistent ones.
     *
     * @param file the target
     * @param magic the magic number
     * @param dims the dimensions
     * @param payload the bytes after the header
     * @throws IOException on a write failure
     */
    public static void write(Path file, int magic, int[] dims, byte[] payload) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream body = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
                DataOutputStream out = new DataOutputStream(body)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
        }
    }
}
