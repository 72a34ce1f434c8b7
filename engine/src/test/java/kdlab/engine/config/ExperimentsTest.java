package kdlab.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kdlab.engine.UsageException;
import kdlab.engine.objective.KnowledgeDistillationTerm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading experiment files: the tree, defaults, --set overrides, round trips and one-line errors. */
class ExperimentsTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("e" + System.nanoTime() + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static final String KD = String.join("\n",
            "data: synthetic:relu-teacher,n=100,test=20",
            "model: mlp:8",
            "epochs: 3",
            "train_size: 40",
            "noise: gaussian:0.5",
            "teacher:",
            "  model: mlp:16,16",
            "  epochs: 2",
            "  train_size: 0",
            "objective:",
            "  ce: 0.1",
            "  kd: {weight: 0.9, temperature: 2, schedule: ramp:2}",
            "optimizer: {lr: 0.1}",
            "loop: {batch_size: 32, zero_loss: 1e-3}",
            "");

    @Test
    void readsTheTreeWithTermsFromTheRegistry() throws IOException {
        Experiment e = Experiments.read(file(KD), List.of());
        assertEquals("mlp:8", e.model());
        assertEquals(3, e.epochs());
        assertEquals(new NoiseSetting("gaussian:0.5", "fixed"), e.noise());
        assertTrue(e.teacher().isInline());
        assertEquals("mlp:16,16", e.teacher().inline().model());
        List<TermSetting> terms = e.objective().terms();
        assertEquals(List.of("ce", "kd"), terms.stream().map(TermSetting::name).toList());
        assertEquals(0.1, terms.get(0).weight());
        assertEquals("ramp:2", terms.get(1).schedule().spec());
        assertEquals(new KnowledgeDistillationTerm.Spec(2.0, null, null), terms.get(1).spec());
        assertEquals(1e-3, e.loop().zeroLoss());
        assertNull(e.seed(), "absent values stay absent until defaults are filled");
        Experiment d = e.withDefaults(null);
        assertEquals(0L, d.seed());
        assertEquals("sgd", d.optimizer().type());
        assertEquals(0.9, d.optimizer().momentum());
        assertEquals(e.data(), e.teacher().inline().withDefaults(d).data(), "an inline teacher inherits the data");
    }

    @Test
    void jsonRoundTripIsExact() throws IOException {
        Experiment e = Experiments.read(file(KD), List.of()).withDefaults(null);
        Path json = dir.resolve("config.json");
        Files.writeString(json, Experiments.toJson(e));
        Experiment again = Experiments.readRun(json);
        assertEquals(Experiments.toJson(e), Experiments.toJson(again));
        assertEquals(List.of(), Experiments.differences(e, again));
    }

    @Test
    void setOverridesByDottedPath() throws IOException {
        Experiment e = Experiments.read(file(KD), List.of("epochs=1", "teacher.epochs=4", "objective.kd.weight=0.5", "data=/some/dir",
                "noise.mode=fresh", "objective.ce.schedule=warmup:1", "loop.batch_size=0"));
        assertEquals(1, e.epochs());
        assertEquals(4, e.teacher().inline().epochs());
        assertEquals(0.5, e.objective().terms().get(1).weight());
        assertEquals(2.0, ((KnowledgeDistillationTerm.Spec) e.objective().terms().get(1).spec()).temperature(), "the rest of the term is kept");
        assertEquals("/some/dir", e.data());
        assertEquals(new NoiseSetting("gaussian:0.5", "fresh"), e.noise());
        assertEquals("warmup:1", e.objective().terms().get(0).schedule().spec());
        assertEquals(0, e.loop().batchSize());
    }

    @Test
    void differencesNameDottedKeys() throws IOException {
        Experiment a = Experiments.read(file(KD), List.of()).withDefaults(null);
        Experiment b = Experiments.read(file(KD), List.of("objective.kd.temperature=4", "teacher.epochs=3")).withDefaults(null);
        assertEquals(List.of("teacher.epochs 2 -> 3", "objective.kd.temperature 2.0 -> 4.0"), Experiments.differences(a, b));
    }

    private String error(String yaml, String... sets) throws IOException {
        Path f = file(yaml);
        UsageException e = assertThrows(UsageException.class, () -> Experiments.read(f, List.of(sets)));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()) || e.getMessage().startsWith("--set"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badFilesGetOneLineNamingTheKey() throws IOException {
        assertTrue(error("model: mlp:8\nepoch: 3\n").endsWith(
                "unknown key 'epoch'; known keys: augment, data, epochs, loop, model, noise, objective, optimizer, phases, schedule, seed, teacher, test_size, train_size, validation_size"));
        assertTrue(error("model: mlp:8\nepochs: ten\n").endsWith(": epochs: expected an integer, found 'ten'"));
        assertTrue(error("model: mlp:8\nloop: {batch_size: [1]}\n").endsWith(": loop.batch_size: expected an integer, found a list"));
        assertTrue(error("model: mlp:8\nobjective: {kdd: 1}\n").contains(": objective.kdd: unknown term type 'kdd'; known types: ce, mse, feature_match, kd"));
        assertTrue(error("model: mlp:8\nobjective: {x: {type: kdd}}\n").contains(": objective.x.type: unknown term type 'kdd'; known types: "));
        assertTrue(error("model: mlp:8\nobjective: {x: {type: kd, temprature: 3}}\n").endsWith(
                "unknown key 'objective.x.temprature'; known keys of 'objective.x': student, teacher, temperature"));
        assertTrue(error("model: mlp:8\nobjective: {kd: {weight: -1}}\n").endsWith(": objective.kd.weight: expected a number >= 0, found '-1'"));
        assertTrue(error("model: mlp:8\nobjective: {kd: {schedule: 'ramp:x'}}\n").contains("objective.kd.schedule: expected constant, ramp:EPOCHS, warmup:EPOCHS, sot-linear, sot-cosine, sot-cycle or sot-step:EPOCH, found 'ramp:x'"));
        assertTrue(error("model: mlp:8\nteacher: {model: mlp:8, teacher: runs/t}\n").contains("teacher.teacher: an inline teacher cannot have a teacher of its own"));
        assertTrue(error("model: mlp:8\nteacher: runs/t\n", "teacher.epochs=1").contains("'teacher' is 'runs/t', not a mapping"));
        assertTrue(error("- a\n- b\n").endsWith("expected a mapping of experiment keys (data, model, epochs, ...), found a list"));
        assertTrue(error("model: [unclosed\n").contains("not valid YAML or JSON"));
        assertTrue(error("model: mlp:8\n", "epochs").contains("expected PATH=VALUE"));
        assertTrue(error("model: cnn:16\n").contains(": model: model spec 'cnn:16' family: expected one of [mlp, ntk]"));
        assertTrue(error("model: mlp:8\nteacher: {model: 'mlp:8,x'}\n").contains(": teacher.model: model spec 'mlp:8,x' width 2: expected a positive integer, found 'x'"));
        assertTrue(error("model: mlp:8\nnoise: gausian:1\n").contains(": noise: 'gausian:1': unknown noise 'gausian'; expected gaussian:SIGMA"));
    }

    /** A config.json written before experiments (flat fields and a role) reads as the same run's experiment. */
    @Test
    void legacyConfigsReadAsExperiments() throws IOException {
        Experiment teacher = Experiments.readRun(Path.of("src/test/resources/fixtures/djl-0.25/mlp-relu-teacher/config.json"));
        assertEquals("mlp:16:relu", teacher.model());
        assertEquals(20, teacher.epochs());
        assertEquals(0.1, teacher.optimizer().lr());
        assertEquals(128, teacher.loop().batchSize());
        assertNull(teacher.teacher());
        assertNull(teacher.objective(), "a teacher's objective is the default output loss");
        Path student = dir.resolve("student-config.json");
        Files.writeString(student, """
                {"role": "student", "data": "synthetic:relu-teacher,n=300,test=100,d=12,classes=3,width=100,seed=0", "model": "mlp:8:relu",
                 "epochs": 3, "batchSize": 64, "optimizer": "adam", "lr": 0.01, "momentum": 0.9, "weightDecay": 0.0, "schedule": "constant",
                 "seed": 4, "device": "cpu", "validationSize": 30, "trainSize": 100, "teacher": "runs/t", "noise": "gaussian:0.5",
                 "noiseMode": "fresh", "featureWeight": 3.0, "taps": ["hidden1"], "earlyStop": 2, "toZeroLoss": false,
                 "zeroLossThreshold": 0.001, "logEvery": 50, "checkpointEvery": 0, "connector": "linear", "augment": "none"}
                """);
        Experiment e = Experiments.readRun(student);
        assertEquals("runs/t", e.teacher().run());
        assertEquals(new NoiseSetting("gaussian:0.5", "fresh"), e.noise());
        assertEquals(List.of("ce", "feature_match"), e.objective().terms().stream().map(TermSetting::name).toList());
        assertEquals(3.0, e.objective().terms().get(1).weight());
        assertEquals(new kdlab.engine.objective.FeatureMatchTerm.Spec(List.of("hidden1"), "linear", "noisy", "clean"), e.objective().terms().get(1).spec());
        assertEquals("adam", e.optimizer().type());
        assertEquals(2, e.loop().earlyStop());
    }
}
