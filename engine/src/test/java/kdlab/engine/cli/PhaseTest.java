package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.LoopState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiment phases (RepDistiller's initialisation of AB, FT and FSP): a FitNets student whose regressor alone
 * first learns the hint for two epochs, then the main training. The phase trains only what it names, keeps its
 * files apart, and a run killed inside it resumes byte-identically; bad phase settings are refused before
 * anything is written.
 *
 * <p>Sizes: 48 training examples in batches of 16 (3 steps per epoch); the phase has 2 epochs (6 steps), the
 * main training 1; a checkpoint every 2 steps; the kill after the phase's step 5.
 */
class PhaseTest {
    private static final int KILL_STEP = 5;

    @TempDir
    static Path dir;

    private static Path idx;

    @BeforeAll
    static void writeData() throws IOException {
        idx = dir.resolve("idx");
        LegacyImageData.write(idx);
    }

    private static Path experiment(String name, String phases) throws IOException {
        return KillAndResume.mlpStudent(dir, idx, name, 5, 1, "  ce: 1\n  fitnets: {weight: 2, student_tap: hidden1, teacher_tap: hidden2, connector: linear}",
                phases);
    }

    private static final String INIT = "phases: [{name: init, epochs: 2, trains: [parts], objective: {fitnets: 1}}]";

    private static String[] args(Path config, Path out, String... extra) {
        return KillAndResume.args(config, out, extra);
    }

    @Test
    void aPartsOnlyPhaseTrainsTheRegressorAndLeavesTheStudentAsInitialised() throws Exception {
        Path with = dir.resolve("with-phase");
        CliRunner.Outcome o = CliRunner.run(args(experiment("with", INIT), with));
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("phase init: 2 epochs of fitnets, training fitnets/regressor"), o.err());
        Path without = dir.resolve("without-phase");
        assertEquals(0, CliRunner.run(args(experiment("without", ""), without)).exitCode());

        List<String> rows = Files.readAllLines(with.resolve("phases/init/metrics.csv"));
        assertTrue(rows.get(0).contains(",fitnets,") && !rows.get(0).contains(",ce,"), "the phase reports its own terms: " + rows.get(0));
        assertEquals(1 + 2 * 2, rows.size(), "two epochs, a train and a validation row each");
        assertTrue(Files.isRegularFile(with.resolve("phases/init/done.json")));
        double first = Double.parseDouble(rows.get(1).split(",")[4]);
        double second = Double.parseDouble(rows.get(3).split(",")[4]);
        assertTrue(second < first, "the hint falls while the regressor learns it: " + first + " then " + second);

        // One phase epoch more moves the regressor only: the student in the phase's checkpoint is the one initialised.
        Path longer = dir.resolve("longer-phase");
        assertEquals(0, CliRunner.run(args(experiment("longer", INIT.replace("epochs: 2", "epochs: 3")), longer)).exitCode());
        assertArrayEquals(modelSection(with.resolve("phases/init/checkpoints/last.ckpt")), modelSection(longer.resolve("phases/init/checkpoints/last.ckpt")),
                "the student did not move in a parts-only phase");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(with.resolve("phases/init/checkpoints/last.ckpt")),
                Files.readAllBytes(longer.resolve("phases/init/checkpoints/last.ckpt"))), "the regressor did");
        assertFalse(java.util.Arrays.equals(modelSection(with.resolve("phases/init/checkpoints/last.ckpt")), modelSection(with.resolve("checkpoints/last.ckpt"))),
                "the student trains in the main training");
    }

    /** The model's parameters as a checkpoint stores them (header, loop state, then this section). */
    private static byte[] modelSection(Path checkpoint) throws IOException {
        try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(checkpoint))) {
            in.readUTF();
            in.readInt();
            in.readNBytes(in.readInt());
            return in.readNBytes(in.readInt());
        }
    }

    @Test
    void aRunKilledInsideItsPhaseResumesExactly() throws Exception {
        killInsideThePhaseAndCompare("killed", experiment("killed", INIT));
    }

    /**
     * Issue 9's case: an FSP experiment (resnet20 teacher, resnet8 student: batch norm everywhere, the student
     * trained in the phase from FSP alone) killed inside its first phase.
     */
    @Test
    void anFspExperimentKilledInsideItsInitPhaseResumesExactly() throws Exception {
        Path f = dir.resolve("fsp.yaml");
        Files.writeString(f, String.join("\n",
                "data: " + idx,
                "model: resnet8",
                "epochs: 1",
                "seed: 7",
                "train_size: 48",
                "validation_size: 16",
                "augment: crop:2,flip",
                "teacher: {model: resnet20, epochs: 1, train_size: 16, loop: {batch_size: 16}}",
                "objective: {ce: 1, fsp: {weight: 0, taps: [stem, stage1, stage2, stage3]}}",
                "phases: [{name: init, epochs: 2, trains: [student], objective: {fsp: 1}}]",
                "loop: {batch_size: 16}",
                ""));
        killInsideThePhaseAndCompare("fsp", f);
    }

    /** FT as RepDistiller trains it: the paraphraser learns in its phase only, the translator in the main training only. */
    @Test
    void ftsParaphraserLearnsInItsPhaseAndItsTranslatorAfter() throws Exception {
        Path f = dir.resolve("ft.yaml");
        Files.writeString(f, String.join("\n",
                "data: " + idx,
                "model: resnet8",
                "epochs: 1",
                "seed: 9",
                "train_size: 32",
                "validation_size: 16",
                "teacher: {model: resnet8, epochs: 1, train_size: 16, loop: {batch_size: 16}}",
                "objective: {ce: 1, ft: {weight: 200, student_tap: stage3, teacher_tap: stage3}}",
                "phases: [{name: init, epochs: 1, trains: [parts], objective: {ft: 1}}]",
                "optimizer: {type: sgd, lr: 0.05, momentum: 0.9, weight_decay: 5.0e-4}",
                "loop: {batch_size: 16}",
                ""));
        Path run = dir.resolve("ft");
        CliRunner.Outcome o = CliRunner.run(args(f, run));
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("training ft/paraphraser_decoder, ft/paraphraser_encoder"), o.err());
        Map<String, byte[]> afterPhase = partSections(run.resolve("phases/init/checkpoints/last.ckpt"));
        Map<String, byte[]> afterMain = partSections(run.resolve("checkpoints/last.ckpt"));
        assertEquals(List.of("ft/paraphraser_decoder", "ft/paraphraser_encoder", "ft/translator"), List.copyOf(afterMain.keySet()));
        assertArrayEquals(afterPhase.get("ft/paraphraser_encoder"), afterMain.get("ft/paraphraser_encoder"), "no weight decay on the paraphraser after its phase");
        assertArrayEquals(afterPhase.get("ft/paraphraser_decoder"), afterMain.get("ft/paraphraser_decoder"));
        assertFalse(java.util.Arrays.equals(afterPhase.get("ft/translator"), afterMain.get("ft/translator")), "the translator learns in the main training");
    }

    /** The trained parts' sections of a checkpoint, by name (the format Checkpoint.save writes). */
    private static Map<String, byte[]> partSections(Path checkpoint) throws IOException {
        Map<String, byte[]> parts = new java.util.TreeMap<>();
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(checkpoint)))) {
            in.readUTF();
            in.readInt();
            in.readNBytes(in.readInt());
            in.readNBytes(in.readInt());
            in.readNBytes(in.readInt());
            in.readLong();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                parts.put(name, in.readNBytes(in.readInt()));
            }
        }
        return parts;
    }

    private static void killInsideThePhaseAndCompare(String name, Path f) throws Exception {
        Path straight = dir.resolve("straight-" + name);
        CliRunner.Outcome s = CliRunner.run(args(f, straight));
        assertEquals(0, s.exitCode(), s.err());
        Path killed = dir.resolve(name);
        KillAndResume.killAfterStep(KILL_STEP, args(f, killed));
        LoopState at = Checkpoint.readState(killed.resolve("phases/init/checkpoints/last.ckpt"));
        assertEquals(4, at.optimizerSteps(), "the phase's checkpoint after step 4");
        assertFalse(Files.exists(killed.resolve("checkpoints/last.ckpt")), "the main training had not started");

        CliRunner.Outcome r = CliRunner.run(args(f, killed, "--resume"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("phase init: resuming after 4 steps (epoch 2, step 1 of it)"), r.err());
        assertArrayEquals(Files.readAllBytes(straight.resolve("phases/init/checkpoints/last.ckpt")),
                Files.readAllBytes(killed.resolve("phases/init/checkpoints/last.ckpt")), "the phase's last checkpoint");
        assertEquals(RunFiles.metricsWithoutTiming(straight.resolve("phases/init")), RunFiles.metricsWithoutTiming(killed.resolve("phases/init")));
        RunFiles.assertSameRun(straight, killed);

        // Resumed once more after it finished: the phase is not trained again.
        CliRunner.Outcome again = CliRunner.run(args(f, killed, "--resume"));
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.err().contains("phase init:"), again.err());
    }

    @Test
    void badPhasesAreRefusedWithOneLineAndNothingWritten() throws Exception {
        String[][] cases = {
            {"phases: [{name: init, epochs: 1, objective: {fitnet: 1}}]",
                "phases[0].objective.fitnet: expected one of the objective's terms [ce, fitnets], found 'fitnet'"},
            {"phases: [{name: init, epochs: 1, trains: [connector], objective: {fitnets: 1}}]",
                "phases[0].trains: expected student, parts or one of the phase's parts [fitnets/regressor], found 'connector'"},
            {"phases: [{name: init, epochs: 1, trains: [parts], objective: {ce: 1}}]",
                "phases[0].trains: [parts] leaves nothing to train: the phase's terms own no parts; add student"},
            {"phases: [{name: main, epochs: 1, objective: {ce: 1}}]",
                "phases[0].name: expected a name of letters, digits, '_' or '-', other than 'main', found main"},
            {"phases: [{name: init, epochs: 0, objective: {ce: 1}}]", "phases[0].epochs: expected at least 1, found 0"},
            {"phases: [{name: init, epochs: 1, objective: {ce: 1}, init_epochs: 3}]", "init_epochs"},
        };
        int i = 0;
        for (String[] c : cases) {
            Path out = dir.resolve("bad-" + i);
            String file = "bad" + i++;
            CliRunner.Outcome o = CliRunner.run(args(experiment(file, c[0]), out));
            assertEquals(2, o.exitCode(), c[0] + " -> " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains(c[1]), o.err());
            assertTrue(o.err().contains(file + ".yaml"), "names the file: " + o.err());
            assertFalse(Files.exists(out), "nothing written for " + c[0]);
        }
    }
}
