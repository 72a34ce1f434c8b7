package kdlab.datasets;

/**
 * Bad input data or a bad data/noise spec. The message is one line naming the file or field, what was
 * expected and what was found; the CLI prints it and exits with code 2.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message file or field, expected, found */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message file or field, expected, found
     * @param cause the underlying failure
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
