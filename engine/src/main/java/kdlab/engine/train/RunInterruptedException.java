package kdlab.engine.train;

/** The loop stopped on request after writing a checkpoint; the process should exit with {@link #exitCode()}. */
public final class RunInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /**
     * @param message what happened and how to continue
     * @param exitCode 130 for SIGINT, 143 for SIGTERM
     */
    public RunInterruptedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** @return the process exit code */
    public int exitCode() {
        return exitCode;
    }
}
