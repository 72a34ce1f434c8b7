package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kdlab.engine.objective.FeatureMatchTerm;
import kdlab.engine.objective.LossTerm;
import kdlab.engine.objective.TermContext;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.LoopState;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every CNN family (all of them have batch norm) and a student with a conv connector (1×1 conv + batch
 * norm) resume exactly after a SIGKILL in the middle of an epoch, with random crop and flip and, for the
 * students, fixed Gaussian noise. Before the Trainability fix every one of these resumes crashed with
 * "native_batch_norm is not differentiable with respect to running_mean": RunJob unfroze all parameters
 * after loading the checkpoint, the batch-norm running statistics included.
 *
 * <p>Sizes: CIFAR-10 files written here (5 × 16 training images, 16 test images); 16 held out for
 * validation, 48 trained on in batches of 16: 3 steps per epoch, 2 epochs. Checkpoints every 2 steps; the
 * kill comes after step 5, so the resume starts from the checkpoint of step 4 (epoch 2, step 1 of it).
 */
class CnnResumeTest {
    private static final int KILL_STEP = 5;

    @TempDir
    static Path dir;

    private static String data;
    private static Path resnet8Teacher;
    private static Path wideTeacher;

    @BeforeAll
    static void writeDataAndTrainTeachers() throws IOException {
        data = TestCifar.write(dir.resolve("cifar"), 7, 16, 16);
        // The students' teachers only have to exist: one step each.
        resnet8Teacher = dir.resolve("teacher-resnet8");
        wideTeacher = dir.resolve("teacher-wrn_16_2");
        for (Path t : List.of(resnet8Teacher, wideTeacher)) {
            String model = t.getFileName().toString().substring("teacher-".length());
            CliRunner.Outcome o = CliRunner.run("train-teacher", "--data", data, "--model", model, "--epochs", "1", "--train-size", "16",
                    "--validation-size", "16", "--batch-size", "16", "--seed", "2", "--device", "cpu", "--out", t.toString());
            assertEquals(0, o.exitCode(), o.err());
        }
    }

    private static List<String> common(Path out) {
        return List.of("--epochs", "2", "--train-size", "48", "--validation-size", "16", "--batch-size", "16", "--augment", "crop:4,flip",
                "--checkpoint-every", "2", "--seed", "5", "--device", "cpu", "--out", out.toString());
    }

    private static String[] teacherArgs(String model, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train-teacher", "--data", data, "--model", model));
        a.addAll(common(out));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static String[] studentArgs(Path teacher, List<String> model, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train-student", "--teacher", teacher.toString(), "--model", "resnet8",
                "--noise", "gaussian:0.3", "--noise-mode", "fixed", "--feature-weight", "1"));
        a.addAll(model);
        a.addAll(common(out));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /** The five families other than resnet8, each as a teacher run with augmentation. */
    @ParameterizedTest
    @ValueSource(strings = {"wrn_16_1", "vgg8", "MobileNetV2", "ShuffleV1", "ShuffleV2"})
    void teacherOfEachFamilyResumesExactly(String model) throws Exception {
        killResumeAndCompare(model, out -> teacherArgs(model, out), out -> teacherArgs(model, out, "--resume"));
    }

    /** resnet8 as a student of a resnet8 teacher: fixed noise, every shared tap, no connector. */
    @Test
    void resnet8StudentWithFixedNoiseResumesExactly() throws Exception {
        killResumeAndCompare("resnet8-student", out -> studentArgs(resnet8Teacher, List.of(), out),
                out -> studentArgs(resnet8Teacher, List.of(), out, "--resume"));
    }

    /**
     * resnet8 as a student of a resnet8 teacher without augmentation, so that the teacher's batch-norm features
     * come from the teacher cache: killed in epoch 2 and resumed (the cache is built again on resume), it
     * equals the straight run, and the straight run equals one with the cache off.
     */
    @Test
    void resnet8StudentWithCachedTeacherResumesExactly() throws Exception {
        java.util.function.BiFunction<Path, List<String>, String[]> plain = (out, extra) -> {
            List<String> a = new ArrayList<>(List.of(studentArgs(resnet8Teacher, List.of(), out)));
            int at = a.indexOf("--augment");
            a.remove(at + 1);
            a.remove(at);
            a.addAll(extra);
            return a.toArray(String[]::new);
        };
        Path uncached = dir.resolve("uncached-resnet8-student");
        CliRunner.Outcome off = CliRunner.run(plain.apply(uncached, List.of("--teacher-cache", "off")));
        assertEquals(0, off.exitCode(), off.err());
        assertTrue(off.err().contains("teacher cache: off"), off.err());
        CliRunner.Outcome cached = killResumeAndCompare("cached-resnet8-student", out -> plain.apply(out, List.of()),
                out -> plain.apply(out, List.of("--resume")));
        assertTrue(cached.err().contains("teacher cache: 48 examples"), cached.err());
        RunFiles.assertSameRun(uncached, dir.resolve("straight-cached-resnet8-student"));
    }

    /**
     * resnet8 (16/32/64 channels) as a student of wrn_16_2 (32/64/128): stem is matched directly, stage2 and
     * stage3 through conv connectors, whose batch norm has running statistics of its own in the checkpoint.
     */
    @Test
    void resnet8StudentWithConvConnectorResumesExactly() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 3, 32, 32);
            TappedBlock s = ModelSpec.parse("resnet8").build(10, true);
            s.initialize(m, DataType.FLOAT32, in);
            TappedBlock t = ModelSpec.parse("wrn_16_2").build(10, true);
            t.initialize(m, DataType.FLOAT32, in);
            LossTerm match = new FeatureMatchTerm.Spec(List.of("stem", "stage2", "stage3"), "conv", null, null)
                    .build(new TermContext("feature_match", s, t, in, true, true, m, 0, k -> k));
            assertEquals(List.of("stage2", "stage3"), List.copyOf(new java.util.TreeSet<>(match.parts().keySet())),
                    "the pair must need conv connectors, or this test would not exercise them");
            var c = match.parts().get("stage3");
            assertTrue(c.getParameters().values().stream().anyMatch(q -> q.getType() == ai.djl.nn.Parameter.Type.RUNNING_MEAN), "the conv connector has batch-norm statistics");
        }
        List<String> model = List.of("--taps", "stem,stage2,stage3", "--connector", "conv");
        killResumeAndCompare("resnet8-conv-connector", out -> studentArgs(wideTeacher, model, out),
                out -> studentArgs(wideTeacher, model, out, "--resume"));
    }

    private static CliRunner.Outcome killResumeAndCompare(String name, java.util.function.Function<Path, String[]> args,
            java.util.function.Function<Path, String[]> resumeArgs) throws Exception {
        Path straight = dir.resolve("straight-" + name);
        CliRunner.Outcome s = CliRunner.run(args.apply(straight));
        assertEquals(0, s.exitCode(), s.err());

        Path killed = dir.resolve("killed-" + name);
        KdlabProcess p = KdlabProcess.start(List.of("-Dkdlab.faultinject=pause-at-step:" + KILL_STEP), args.apply(killed));
        p.awaitLine("paused at step " + KILL_STEP, 180);
        p.sigkill();
        assertEquals(137, p.waitFor(30));
        LoopState at = Checkpoint.readState(killed.resolve("checkpoints/last.ckpt"));
        assertEquals(1, at.epochsCompleted(), "the kill came in epoch 2");
        assertEquals(4, at.optimizerSteps(), "the last mid-epoch checkpoint (every 2 steps) before step 5");
        assertEquals(1, at.stepInEpoch());

        CliRunner.Outcome r = CliRunner.run(resumeArgs.apply(killed));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("resuming after 4 steps (epoch 2, step 1 of it)"), r.err());
        RunFiles.assertSameRun(straight, killed);
        return s;
    }
}
