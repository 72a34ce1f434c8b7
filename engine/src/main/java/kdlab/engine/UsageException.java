package kdlab.engine;

/**
 * A problem with what the user asked for (a flag value, a run directory, a config): the CLI reports its
 * message on one line and exits with code 2. Anything else that escapes a command is our bug (exit 1).
 */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: the flag or file, what was expected, what was found
     */
    public UsageException(String message) {
        super(message);
    }

    /**
     * @param message one line: the flag or file, what was expected, what was found
     * @param cause the underlying failure, kept for debugging
     */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
