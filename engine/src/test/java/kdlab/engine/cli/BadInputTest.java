package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import kdlab.datasets.idx.IdxWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of docs/reliability.md: the bad input, the one line the user sees, exit code 2, and no run
 * directory left behind.
 */
class BadInputTest {
    static final String DATA = "synthetic:gaussian-mixture,n=300,test=50,d=6,classes=3";

    @TempDir
    static Path dir;

    static Path teacher;
    static Path otherTeacher;
    static Path corruptIdx;
    static Path badConfig;

    @BeforeAll
    static void setUp() throws IOException {
        teacher = dir.resolve("teacher");
        assertEquals(0, CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:16,16", "--epochs", "1", "--out", teacher.toString(), "--device", "cpu").exitCode());
        otherTeacher = dir.resolve("other-teacher");
        assertEquals(0, CliRunner.run("train-teacher", "--data", DATA, "--model", "mlp:8,8", "--epochs", "1", "--out", otherTeacher.toString(), "--device", "cpu").exitCode());
        corruptIdx = dir.resolve("corrupt-idx");
        Files.createDirectories(corruptIdx);
        IdxWriter.writeImages(corruptIdx.resolve("train-images-idx3-ubyte"), 28, 28, new byte[4 * 784]);
        IdxWriter.write(corruptIdx.resolve("train-labels-idx1-ubyte"), 0x00000801, new int[] {4}, new byte[] {1, 2});
        IdxWriter.writeImages(corruptIdx.resolve("t10k-images-idx3-ubyte"), 28, 28, new byte[2 * 784]);
        IdxWriter.writeLabels(corruptIdx.resolve("t10k-labels-idx1-ubyte"), new byte[] {1, 2});
        badConfig = dir.resolve("bad-config.json");
        Files.writeString(badConfig, Files.readString(teacher.resolve("config.json")).replace("\"lr\"", "\"lrr\""));
        Files.writeString(dir.resolve("a-file"), "not a directory");
        LegacyImageData.write(dir.resolve("idx"));
    }

    /** An experiment file on the test's IDX images with an inline teacher, the rest as given. */
    private static String experiment(String name, String model, String teacherModel, String objective) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, "data: " + dir.resolve("idx") + "\nmodel: " + model + "\nteacher: {model: " + teacherModel + ", epochs: 1}\nobjective: "
                + objective + "\n");
        return f.toString();
    }

    private static String experimentWithoutTeacher() throws IOException {
        Path f = dir.resolve("no-teacher.yaml");
        Files.writeString(f, "data: " + DATA + "\nmodel: mlp:8\nobjective: {ce: 1, kd: 1}\n");
        return f.toString();
    }

    private static String[] train(String config) {
        return new String[] {"train", "--config", config, "--device", "cpu", "--out", nextOut().toString()};
    }

    static Stream<Arguments> rows() throws IOException {
        String t = teacher.toString();
        Path mismatched = dir.resolve("mismatched-teacher");
        if (!Files.exists(mismatched)) {
            // A teacher whose checkpoint was replaced by one of a narrower network.
            copyTree(teacher, mismatched);
            Files.copy(otherTeacher.resolve("checkpoints/best.ckpt"), mismatched.resolve("checkpoints/best.ckpt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return Stream.of(
                Arguments.of("negative sigma", student(t, "--noise", "gaussian:-1"), "--noise gaussian: expected SIGMA >= 0, found -1.0"),
                Arguments.of("noise spec typo", student(t, "--noise", "gausian:0.1"), "--noise 'gausian:0.1': unknown noise 'gausian'; expected gaussian:SIGMA"),
                Arguments.of("noise level not a number", student(t, "--noise", "gaussian:abc"), "--noise 'gaussian:abc': expected a number after 'gaussian:', found 'abc'"),
                Arguments.of("zero epochs", teacher("--epochs", "0"), "--epochs: expected at least 1, found 0"),
                Arguments.of("negative learning rate", teacher("--lr", "-0.1"), "--lr: expected a positive number, found -0.1"),
                Arguments.of("unknown activation", teacher("--model", "mlp:16:swish"), "swish"),
                Arguments.of("unknown model family", teacher("--model", "cnn:16"), "cnn"),
                Arguments.of("CNN on flat data", teacher("--model", "resnet20"), "--model resnet20: expected image examples [C, H, W] of at most 32x32, found examples of shape (6)"),
                Arguments.of("malformed width", teacher("--model", "mlp:16,x"), "'x'"),
                Arguments.of("unknown tap", student(t, "--noise", "gaussian:0.1", "--taps", "hidden7"), "--taps: unknown tap 'hidden7'; the teacher has hidden1, hidden2"),
                Arguments.of("teacher checkpoint that does not fit", student(mismatched.toString(), "--noise", "gaussian:0.1"), "parameters do not fit the model"),
                Arguments.of("teacher directory without a run", student(dir.resolve("nothing").toString(), "--noise", "gaussian:0.1"), "expected a kdlab run directory with config.json, found none"),
                Arguments.of("output directory that cannot be written", teacherOut(dir.resolve("a-file").resolve("run")), "cannot create the run directory"),
                Arguments.of("data directory missing", teacher("--data", dir.resolve("no-data").toString()), "found no such directory"),
                Arguments.of("corrupt dataset file", teacher("--data", corruptIdx.toString()), "train-labels-idx1-ubyte: truncated: expected 4 bytes of data after the header, found 2"),
                Arguments.of("unknown synthetic generator", teacher("--data", "synthetic:spiral"), "unknown generator 'spiral'"),
                Arguments.of("config file with an unknown key", new String[] {"train", "--config", badConfig.toString(), "--out", nextOut().toString()}, "unknown key 'optimizer.lrr'; known keys of 'optimizer': lr, momentum, type, weight_decay"),
                Arguments.of("GPU asked for, none visible", teacher("--device", "gpu"), "no GPU is visible"),
                Arguments.of("early stopping and zero loss together", teacher("--early-stop", "2", "--to-zero-loss"), "--early-stop and --to-zero-loss exclude each other"),
                Arguments.of("unknown flag", teacher("--epoch", "3"), "Unknown options: '--epoch'"),
                Arguments.of("augmentation on flat data", teacher("--augment", "flip"), "--augment flip: expected image data [C, H, W], found examples of shape (6)"),
                Arguments.of("bad schedule", teacher("--schedule", "linear"), "--schedule: expected constant, cosine, step:EVERY:GAMMA"),
                Arguments.of("bad noise mode", student(t, "--noise", "gaussian:0.1", "--noise-mode", "sometimes"), "--noise-mode: expected fixed or fresh, found 'sometimes'"),
                Arguments.of("experiment with an unknown key", train(experiment("unknown-key", "mlp:8", "mlp:8", "{ce: 1}\nepoch: 3")),
                        "unknown-key.yaml: unknown key 'epoch'; known keys: augment, data, epochs, loop, model, noise, objective, optimizer, phases, schedule, seed, teacher, test_size, train_size, validation_size"),
                Arguments.of("experiment with an unknown term type", train(experiment("unknown-term", "mlp:8", "mlp:8", "{ce: 1, kdd: {weight: 1}}")),
                        "unknown-term.yaml: objective.kdd: unknown term type 'kdd'; known types: ce, mse, feature_match, kd, fitnets, pi, pi_mse, at"),
                Arguments.of("experiment value of the wrong type", train(experiment("wrong-type", "mlp:8", "mlp:8", "{ce: 1, kd: {temperature: hot}}")),
                        "wrong-type.yaml: objective.kd.temperature: expected a number, found 'hot'"),
                Arguments.of("experiment tap that a model lacks", train(experiment("missing-tap", "mlp:8,8", "'mlp:16'",
                        "{ce: 1, fitnets: {student_tap: hidden2, teacher_tap: hidden2}}")),
                        "objective.fitnets.teacher_tap: unknown tap 'hidden2'; the teacher has hidden1"),
                Arguments.of("experiment term that needs a teacher, none given", new String[] {"train", "--config", experimentWithoutTeacher(), "--device", "cpu",
                        "--out", nextOut().toString()}, "objective.kd: this term compares the student with a teacher, but the experiment has no teacher"),
                Arguments.of("--set into a teacher run directory", new String[] {"train", "--config", experimentWithoutTeacher(), "--set", "teacher=" + t,
                        "--set", "teacher.epochs=1", "--device", "cpu", "--out", nextOut().toString()}, "--set teacher.epochs=1: 'teacher' is '" + t + "', not a mapping"),
                Arguments.of("teacher that takes other inputs than its student", train(experiment("input-kinds", "mlp:8", "resnet8", "{ce: 1, kd: 1}")),
                        "model mlp:8:relu takes inputs of shape (1, 1, 28, 28) but the teacher resnet8 takes (1, 1, 32, 32)"),
                Arguments.of("AT on two taps of different spatial size", train(experiment("at-pair", "resnet8", "resnet8",
                        "{ce: 1, at: {taps: [stage2], teacher_taps: [stage3]}}")), "objective.at.taps: student tap stage2 (1, 32, 16, 16) and teacher tap stage3 (1, 64, 8, 8): attention transfer needs feature maps [C, H, W] of the same spatial size H x W"),
                Arguments.of("phase naming a term the objective lacks", train(experiment("phase-term", "mlp:8", "mlp:8",
                        "{ce: 1, kd: 1}\nphases: [{name: init, epochs: 1, objective: {fitnets: 1}}]")),
                        "phase-term.yaml: phases[0].objective.fitnets: expected one of the objective's terms [ce, kd], found 'fitnets'"),
                Arguments.of("FSP on taps whose channels differ", train(experiment("fsp-channels", "resnet8", "wrn_16_2",
                        "{ce: 1, fsp: {taps: [stage1, stage2]}}")), "objective.fsp.taps: student tap stage1 (1, 16, 32, 32) and teacher tap stage1 (1, 32, 32, 32): the FSP matrices need the same channels in the student's and the teacher's tap, found 16 and 32"));
    }

    private static int counter;

    private static synchronized Path nextOut() {
        return dir.resolve("out-" + (counter++));
    }

    private static String[] teacher(String... extra) {
        List<String> a = new ArrayList<>(List.of("train-teacher"));
        a.addAll(List.of(extra));
        String[][] defaults = {{"--data", DATA}, {"--model", "mlp:16,16"}, {"--epochs", "1"}, {"--device", "cpu"}, {"--out", nextOut().toString()}};
        for (String[] d : defaults) {
            if (!a.contains(d[0])) {
                a.addAll(List.of(d));
            }
        }
        return a.toArray(String[]::new);
    }

    private static String[] teacherOut(Path out) {
        return teacher("--out", out.toString());
    }

    private static String[] student(String teacherDir, String... extra) {
        List<String> a = new ArrayList<>(List.of("train-student", "--teacher", teacherDir, "--feature-weight", "1", "--epochs", "1",
                "--out", nextOut().toString()));
        a.addAll(List.of(extra));
        if (!a.contains("--device")) {
            a.addAll(List.of("--device", "cpu"));
        }
        return a.toArray(String[]::new);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badInputIsOneLineExitTwoNothingWritten(String what, String[] args, String message) {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--out")) {
                outs.add(args[i + 1]);
            }
        }
        CliRunner.Outcome o = CliRunner.run(args);
        assertEquals(2, o.exitCode(), what + ": " + o.err());
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), what + " must be one line: " + err);
        assertTrue(err.startsWith("kdlab: "), err);
        assertTrue(err.contains(message), what + ": expected the message to contain \"" + message + "\", found: " + err);
        for (String out : outs) {
            assertFalse(Files.exists(Path.of(out)), what + ": nothing may be written, found " + out);
        }
        System.out.println("| " + what + " | `" + err.replace("|", "\\|") + "` |");
    }
}
