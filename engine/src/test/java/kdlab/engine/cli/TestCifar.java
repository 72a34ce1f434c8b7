package kdlab.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import kdlab.datasets.cifar.CifarWriter;

/** CIFAR-10 binary files of random images for CLI tests: five training batches and a test batch. */
final class TestCifar {
    private TestCifar() {}

    /**
     * @param root the directory to write into (created)
     * @param seed seeds the pixels
     * @param perTrainBatch images in each of the five training files
     * @param test images in the test file
     * @return the {@code --data} spec of the written set
     */
    static String write(Path root, long seed, int perTrainBatch, int test) throws IOException {
        Files.createDirectories(root);
        Random r = new Random(seed);
        for (int f = 1; f <= 5; f++) {
            batch(root.resolve("data_batch_" + f + ".bin"), r, perTrainBatch);
        }
        batch(root.resolve("test_batch.bin"), r, test);
        return "cifar10:" + root;
    }

    private static void batch(Path file, Random r, int n) throws IOException {
        int[][] labels = new int[n][1];
        byte[][] pixels = new byte[n][3072];
        for (int i = 0; i < n; i++) {
            labels[i][0] = i % 10;
            r.nextBytes(pixels[i]);
        }
        CifarWriter.write(file, labels, pixels);
    }
}
