package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run directories written by kdlab on DJL 0.25.0 / PyTorch 2.0.1 (test resources {@code fixtures/djl-0.25},
 * each with a text file of how it was made and what the old build printed) still work with the current
 * stack: {@code evaluate} reports the very accuracy the old build reported, and they serve as teachers.
 */
class LegacyRunTest {
    private static final String FIXTURES = "/fixtures/djl-0.25/";

    /** SHA-256 of the files {@link LegacyImageData} wrote when the CNN fixture was trained. */
    private static final Map<String, String> IMAGE_DATA_SHA256 = Map.of(
            "train-images-idx3-ubyte", "929e0f9a4f4f0f4afb14d648633847cbe7a175160ca58b8d7d9c84338ad2def4",
            "train-labels-idx1-ubyte", "52c83eabd7201aa9df0467fd4186857550f52e379107316ae9ac7591dd71640f",
            "t10k-images-idx3-ubyte", "ea53efcb9ffcc51e6e14bd26d78ae80f9796b99aa3c61cbff9a83e7a68e52b34",
            "t10k-labels-idx1-ubyte", "68e6d718abb67a5390ef028218b022e6c4543c64abe7738480b895f1130e9384");

    private static final Pattern CLEAN = Pattern.compile("test clean\\s+accuracy (\\S+)\\s+loss (\\S+)\\s+\\((\\d+) examples\\)");

    @TempDir
    Path dir;

    @Test
    void mlpTeacherEvaluatesAsBeforeAndTeaches() throws IOException {
        Path run = copyFixture("mlp-relu-teacher");
        CliRunner.Outcome e = CliRunner.run("evaluate", "--run", run.toString(), "--device", "cpu");
        assertEquals(0, e.exitCode(), e.err());
        // What the DJL 0.25 build printed for the best weights (epoch 9 of 20; last.ckpt scores otherwise).
        assertClean(e.out(), "0.6200", 0.784333, 100);

        Path student = dir.resolve("mlp-student");
        CliRunner.Outcome s = CliRunner.run("train-student", "--teacher", run.toString(), "--noise", "gaussian:0.5",
                "--feature-weight", "1", "--epochs", "1", "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());
        assertTrue(s.err().contains("teacher weights: " + run.resolve("checkpoints").resolve("best.ckpt")), s.err());
        assertTrue(Files.isRegularFile(student.resolve("summary.json")));
    }

    @Test
    void batchNormCnnTeacherEvaluatesAsBeforeAndTeaches() throws IOException {
        Path run = copyFixture("resnet8-idx-teacher");
        Path data = dir.resolve("idx");
        LegacyImageData.write(data);
        for (var f : IMAGE_DATA_SHA256.entrySet()) {
            assertEquals(f.getValue(), sha256(data.resolve(f.getKey())),
                    f.getKey() + ": LegacyImageData no longer writes the data the fixture was trained on");
        }
        CliRunner.Outcome e = CliRunner.run("evaluate", "--run", run.toString(), "--data", data.toString(), "--device", "cpu");
        assertEquals(0, e.exitCode(), e.err());
        // What the DJL 0.25 build printed: batch-norm running statistics must load too, or this drifts.
        assertClean(e.out(), "0.6400", 1.366238, 50);

        // config.json names the directory the teacher was trained on, long gone; --data points at the copy.
        Path student = dir.resolve("cnn-student");
        CliRunner.Outcome s = CliRunner.run("train-student", "--teacher", run.toString(), "--data", data.toString(),
                "--noise", "gaussian:0.3", "--feature-weight", "1", "--epochs", "1", "--batch-size", "32", "--train-size", "64",
                "--out", student.toString(), "--device", "cpu");
        assertEquals(0, s.exitCode(), s.err());
        assertTrue(s.err().contains("teacher weights: " + run.resolve("checkpoints").resolve("best.ckpt")), s.err());
        assertTrue(Files.isRegularFile(student.resolve("summary.json")));

        // With the teacher's own data gone, examples it cannot take are still refused, by its checkpoint.
        Path cifar = dir.resolve("cifar");
        TestCifar.write(cifar, 1, 8, 8);
        Path refused = dir.resolve("refused");
        CliRunner.Outcome bad = CliRunner.run("train-student", "--teacher", run.toString(), "--data", "cifar10:" + cifar,
                "--noise", "gaussian:0.3", "--feature-weight", "1", "--epochs", "1", "--out", refused.toString(), "--device", "cpu");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().startsWith("kdlab: ") && bad.err().contains("best.ckpt") && bad.err().contains("do not fit"), bad.err());
        assertFalse(Files.exists(refused.resolve("summary.json")));
    }

    /**
     * Copies a fixture run from the test classpath into the temporary directory, so that nothing a command
     * does can touch the original.
     */
    private Path copyFixture(String name) throws IOException {
        URL url = LegacyRunTest.class.getResource(FIXTURES + name);
        assertNotNull(url, "test resource " + FIXTURES + name + " is missing: the DJL 0.25 fixtures must be on the test classpath");
        Path source;
        try {
            source = Path.of(url.toURI());
        } catch (URISyntaxException | java.nio.file.FileSystemNotFoundException e) {
            throw new AssertionError("test resource " + url + ": expected a directory on the file system", e);
        }
        Path target = dir.resolve(name);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        for (String f : List.of("config.json", "summary.json", "manifest.json", "checkpoints/best.ckpt")) {
            assertTrue(Files.isRegularFile(target.resolve(f)), "fixture " + name + " lacks " + f);
        }
        String manifest = Files.readString(target.resolve("manifest.json"));
        assertTrue(manifest.contains("\"djlVersion\" : \"0.25.0\""), "fixture " + name + " was not written by DJL 0.25.0: " + manifest);
        return target;
    }

    private static void assertClean(String out, String accuracy, double loss, int examples) {
        Matcher m = CLEAN.matcher(out);
        assertTrue(m.find(), "no clean test line in: " + out);
        assertEquals(accuracy, m.group(1), out);
        assertEquals(loss, Double.parseDouble(m.group(2)), 1e-4, out);
        assertEquals(examples, Integer.parseInt(m.group(3)), out);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
