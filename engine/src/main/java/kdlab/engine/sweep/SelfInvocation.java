package kdlab.engine.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts this same kdlab again in a new process — the same JVM, class path and kdlab
 * properties — for a sweep's worker processes and for the job scripts a scheduler runs on the same (shared)
 * installation.
 */
public final class SelfInvocation {
    private SelfInvocation() {}

    /**
     * @param kdlabArgs the kdlab arguments, e.g. {@code sweep run FILE --out DIR --shard 0/4}
     * @return java, its options and the main class, then the arguments
     */
    public static List<String> command(List<String> kdlabArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String property : List.of("kdlab.home", "ai.djl.offline", "java.awt.headless")) {
            String value = System.getProperty(property);
            if (value != null) {
                cmd.add("-D" + property + "=" + value);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("kdlab.engine.cli.Main");
        cmd.addAll(kdlabArgs);
        return cmd;
    }

    /**
     * @param words a command
     * @return it as one POSIX shell line, each word single-quoted where it needs to be
     */
    public static String shellLine(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(w.matches("[A-Za-z0-9_./:=,+@%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
