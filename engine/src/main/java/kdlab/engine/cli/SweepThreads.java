package kdlab.engine.cli;

import picocli.CommandLine;

/**
 * The {@code --threads} a user gave on the command line, wherever in the chain of commands it stood, for
 * commands that write it into a job for other machines rather than apply it here.
 */
final class SweepThreads {
    private SweepThreads() {}

    /**
     * @param spec the command's spec
     * @param fallback the value when none was given
     * @return the last {@code --threads} given, else {@code fallback}
     */
    static int given(CommandLine.Model.CommandSpec spec, int fallback) {
        int threads = 0;
        for (CommandLine c : spec.root().commandLine().getParseResult().asCommandLineList()) {
            Integer v = c.getParseResult().matchedOptionValue("--threads", null);
            threads = v == null ? threads : v;
        }
        return threads > 0 ? threads : fallback;
    }
}
