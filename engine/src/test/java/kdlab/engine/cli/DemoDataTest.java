package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.datasets.DataSources;
import kdlab.datasets.idx.IdxWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo where the README sends a new user: on a machine without Fashion-MNIST (the default search path
 * pointed at empty directories) it falls back to generated data and still prints its table with its
 * default student training size; where {@code kdlab data fetch}'s directory holds a dataset, that one is
 * used before Debian's.
 */
class DemoDataTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreSearchPath() {
        System.clearProperty(DataSources.SEARCH_PROPERTY);
    }

    @Test
    void withoutFashionMnistTheDemoFallsBackAndPrintsItsTable() throws IOException {
        System.setProperty(DataSources.SEARCH_PROPERTY, dir.resolve("fetched") + File.pathSeparator + dir.resolve("debian"));
        Path out = dir.resolve("study");
        // Default --train-size (5000): the first version's fallback set was too small for it and the demo exited 2.
        CliRunner.Outcome o = CliRunner.run("demo", "--out", out.toString(), "--teacher-epochs", "1", "--student-epochs", "1",
                "--noise-levels", "0.5", "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("using " + DemoCommand.FALLBACK_DATA + " instead"), o.err());
        assertTrue(o.err().contains("5000 train / 800 validation examples"), o.err());
        assertTrue(o.out().contains("| gaussian:0.5"), o.out());
        assertTrue(Files.isRegularFile(out.resolve("table.csv")) && Files.isRegularFile(out.resolve("plot.png")));
    }

    @Test
    void theFetchDirectoryIsSearchedFirst() throws IOException {
        Path fetched = dir.resolve("fetched");
        Path debian = dir.resolve("debian");
        writeIdx(fetched, 300, 100);
        writeIdx(debian, 200, 50);
        System.setProperty(DataSources.SEARCH_PROPERTY, fetched + File.pathSeparator + debian);
        assertEquals(fetched, DataSources.findDefault().orElseThrow());
        Path out = dir.resolve("study");
        CliRunner.Outcome o = CliRunner.run("demo", "--out", out.toString(), "--teacher-epochs", "1", "--student-epochs", "1",
                "--noise-levels", "0.5", "--train-size", "100", "--model", "mlp:16", "--device", "cpu");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("demo: data " + fetched), o.err());
        assertTrue(o.err().contains("270 train / 30 validation examples"), o.err());
        Path teacher = dir.resolve("teacher");
        CliRunner.Outcome t = CliRunner.run("train-teacher", "--model", "mlp:8", "--epochs", "1", "--out", teacher.toString(), "--device", "cpu");
        assertEquals(0, t.exitCode(), t.err());
        assertTrue(t.err().contains("teacher on " + fetched), t.err());
    }

    @Test
    void withNoDataAnywhereTrainTeacherSaysWhereItLooked() {
        System.setProperty(DataSources.SEARCH_PROPERTY, dir.resolve("none").toString());
        Path out = dir.resolve("t");
        CliRunner.Outcome o = CliRunner.run("train-teacher", "--model", "mlp:8", "--epochs", "1", "--out", out.toString(), "--device", "cpu");
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("no Fashion-MNIST was found in [" + dir.resolve("none") + "]"), o.err());
        assertTrue(Files.notExists(out));
    }

    /**
     * An experiment file without a data key, default data absent: the inline teacher's plan (which inherits the
     * data) says where it looked, exit 2, nothing written; with the default data present (the fetch directory)
     * the same file trains both the teacher and the student on it.
     */
    @Test
    void anExperimentWithoutDataUsesTheDefaultSearchOrSaysWhereItLooked() throws IOException {
        Path config = dir.resolve("no-data.yaml");
        Files.writeString(config, "model: mlp:8\nepochs: 1\nteacher: {model: mlp:8, epochs: 1}\nobjective: {ce: 0.5, kd: 0.5}\n");
        System.setProperty(DataSources.SEARCH_PROPERTY, dir.resolve("nowhere").toString());
        Path refused = dir.resolve("refused");
        CliRunner.Outcome o = CliRunner.run("train", "--config", config.toString(), "--out", refused.toString(), "--device", "cpu");
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("no Fashion-MNIST was found in [" + dir.resolve("nowhere") + "]"), o.err());
        assertTrue(Files.notExists(refused));

        Path fetched = dir.resolve("fetched-for-config");
        writeIdx(fetched, 300, 50);
        System.setProperty(DataSources.SEARCH_PROPERTY, fetched.toString());
        Path out = dir.resolve("from-default");
        CliRunner.Outcome ok = CliRunner.run("train", "--config", config.toString(), "--out", out.toString(), "--device", "cpu");
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals(fetched.toString(), kdlab.engine.run.Json.MAPPER.readTree(out.resolve("config.json").toFile()).get("data").asText());
        assertEquals(fetched.toString(), kdlab.engine.run.Json.MAPPER.readTree(out.resolve("config.json").toFile()).at("/teacher/data").asText());
    }

    private static void writeIdx(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train", train);
        write(dir, "t10k", test);
    }

    private static void write(Path dir, String prefix, int n) throws IOException {
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int p = 0; p < 28; p++) {
                pixels[i * 28 * 28 + labels[i] * 28 + p] = (byte) 255;
            }
        }
        IdxWriter.writeImages(dir.resolve(prefix + "-images-idx3-ubyte"), 28, 28, pixels);
        IdxWriter.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte"), labels);
    }
}
