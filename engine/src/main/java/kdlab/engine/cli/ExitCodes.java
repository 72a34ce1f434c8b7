package kdlab.engine.cli;

/** The process exit codes of every kdlab command. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** A bug in kdlab: the stack trace is printed. */
    public static final int INTERNAL = 1;
    /** Bad input or usage: one line says what and where. */
    public static final int USAGE = 2;
    /** Training produced a non-finite loss and stopped. */
    public static final int DIVERGED = 3;

    private ExitCodes() {}
}
