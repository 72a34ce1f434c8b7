package kdlab.engine.train;

/**
 * Training produced a NaN or an infinity. Checked at the logging interval, so the step named is the first
 * interval boundary at which the running loss was non-finite.
 */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the epoch, step and term */
    public NonFiniteLossException(String message) {
        super(message);
    }
}
