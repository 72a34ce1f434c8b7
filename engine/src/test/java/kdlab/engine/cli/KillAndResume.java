package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kill-and-resume tests of experiment files share: the small MLP student experiment they write (an
 * inline teacher, fresh noise, 48 training examples in batches of 16), the {@code kdlab train} arguments with a
 * checkpoint every 2 steps, and a child JVM SIGKILLed once it has finished a given optimizer step.
 */
final class KillAndResume {
    private KillAndResume() {}

    /**
     * @param dir where the file goes
     * @param idx the IDX directory the test wrote
     * @param name the file's name, without .yaml
     * @param seed the run seed
     * @param epochs the student's epochs
     * @param objective the lines of the {@code objective:} mapping, indented
     * @param extra further top-level lines (phases ...), or ""
     * @return the experiment file
     */
    static Path mlpStudent(Path dir, Path idx, String name, int seed, int epochs, String objective, String extra) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, String.join("\n",
                "data: " + idx,
                "model: mlp:16,16",
                "epochs: " + epochs,
                "seed: " + seed,
                "train_size: 48",
                "validation_size: 16",
                "noise: {spec: gaussian:0.3, mode: fresh}",
                "teacher: {model: 'mlp:32,32', epochs: 1, train_size: 16, loop: {batch_size: 16}}",
                "objective:",
                objective,
                extra,
                "loop: {batch_size: 16}",
                ""));
        return f;
    }

    /** @return {@code kdlab train} on {@code config} into {@code out} on the CPU, checkpointing every 2 steps */
    static String[] args(Path config, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--config", config.toString(), "--checkpoint-every", "2", "--device", "cpu",
                "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /**
     * Runs kdlab in a child JVM and SIGKILLs it once it has finished {@code step} (fault injection pauses it there).
     *
     * @param step the optimizer step after which it dies
     * @param args its arguments
     * @return what it printed
     */
    static List<String> killAfterStep(int step, String... args) throws Exception {
        KdlabProcess p = KdlabProcess.start(List.of("-Dkdlab.faultinject=pause-at-step:" + step), args);
        p.awaitLine("paused at step " + step, 180);
        p.sigkill();
        assertEquals(137, p.waitFor(30));
        return p.lines();
    }
}
