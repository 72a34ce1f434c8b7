package kdlab.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process and captures what it prints; one lock for every test package, since System.out is one. */
public final class CliRunner {
    /** What one invocation returned and printed. */
    /**
     * @param exitCode the exit code
     * @param out what went to standard output
     * @param err what went to standard error
     */
    public record Outcome(int exitCode, String out, String err) {}

    private CliRunner() {}

    /**
     * @param args the command line
     * @return what it returned and printed
     */
    public static synchronized Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
