package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import kdlab.engine.run.Json;
import kdlab.engine.run.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack kdlab is pinned to (DJL 0.33.0, PyTorch 2.5.1; see the README's architecture notes) is what
 * runs: {@code --version} and every run's manifest.json name it, with the native build that was loaded.
 * When the pom moves, this test moves with it, on purpose.
 */
class VersionsTest {
    @TempDir
    Path dir;

    @Test
    void versionAndManifestNameTheStack() {
        CliRunner.Outcome v = CliRunner.run("--version");
        assertEquals(0, v.exitCode(), v.err());
        assertTrue(v.out().contains("DJL 0.33.0"), v.out());
        assertTrue(v.out().contains("PyTorch 2.5.1 (native build 2.5.1-"), v.out());
        assertTrue(v.out().contains("-cpu-linux-x86_64)"), "this machine has no GPU, so the CPU build is loaded: " + v.out());

        Path run = dir.resolve("t");
        assertEquals(0, CliRunner.run("train-teacher", "--data", "synthetic:relu-teacher,n=200,test=50,d=8,classes=3", "--model", "mlp:8",
                "--epochs", "1", "--out", run.toString(), "--device", "cpu").exitCode());
        Manifest m = Json.read(run.resolve("manifest.json"), Manifest.class);
        assertEquals("0.33.0", m.djlVersion());
        assertEquals("2.5.1", m.pytorchVersion());
        assertTrue(m.nativeBuild().startsWith("2.5.1-") && m.nativeBuild().contains("-cpu-"), m.nativeBuild());
        assertEquals("bitwise (CPU, same thread count)", m.determinism());
    }
}
