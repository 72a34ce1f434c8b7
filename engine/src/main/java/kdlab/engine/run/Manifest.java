package kdlab.engine.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kdlab.engine.NativeStack;

/**
 * Where a run came from: the versions and the machine, so a result can be traced to the code that made it.
 *
 * @param version kdlab's version
 * @param gitCommit the commit of the kdlab checkout, or "unknown"
 * @param djlVersion DJL's version
 * @param pytorchVersion libtorch's version
 * @param nativeBuild the libtorch build DJL loaded (version, CPU or CUDA flavour, platform)
 * @param determinism how repeatable the run is on its device (see {@link kdlab.engine.NativeStack#configureDeterminism})
 * @param device the training device
 * @param seed the run seed
 * @param javaVersion the JVM version
 * @param os operating system and architecture
 * @param threads libtorch intra-op threads and where the number came from ({@link kdlab.engine.ThreadBudget})
 * @param started ISO-8601 start time
 */
public record Manifest(
        String version,
        String gitCommit,
        String djlVersion,
        String pytorchVersion,
        String nativeBuild,
        String determinism,
        String device,
        long seed,
        String javaVersion,
        String os,
        String threads,
        String started) {

    /**
     * @param device the training device, as the CLI names it (cpu, gpu:N)
     * @param determinism what {@link kdlab.engine.NativeStack#configureDeterminism} said of the device
     * @param seed the run seed
     * @return the manifest of a run starting now
     */
    public static Manifest capture(String device, String determinism, long seed) {
        return new Manifest(
                currentVersion(),
                currentCommit(),
                NativeStack.djlVersion(),
                NativeStack.pytorchVersion(),
                NativeStack.nativeBuild(),
                determinism,
                device,
                seed,
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                kdlab.engine.ThreadBudget.describe(),
                java.time.Instant.now().toString());
    }

    /** @return the version in the jar's resources */
    public static String currentVersion() {
        Properties p = new Properties();
        try (InputStream in = Manifest.class.getResourceAsStream("/kdlab-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    private static String currentCommit() {
        String home = System.getProperty("kdlab.home");
        Path dir = home == null ? Path.of(".") : Path.of(home);
        if (!Files.isDirectory(dir.resolve(".git"))) {
            return "unknown";
        }
        try {
            Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                Process status = new ProcessBuilder("git", "-C", dir.toString(), "status", "--porcelain", "--untracked-files=no").start();
                boolean dirty = !new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
                status.waitFor(5, TimeUnit.SECONDS);
                // A run from uncommitted code cannot be traced to the commit alone: say so.
                return dirty ? out + "-dirty" : out;
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
