package kdlab.models;

/**
 * Thrown when a model specification, builder setting or tap name is invalid.
 *
 * <p>The message is a single line naming the field, what was expected and what was found, so the
 * command line can print it as is and exit with a usage error.
 */
public class ModelSpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a ready-made one-line message.
     *
     * @param message the message: field, expected, found
     */
    public ModelSpecException(String message) {
        super(message);
    }

    /**
     * Creates an exception whose message reads {@code FIELD: expected EXPECTED, found FOUND}.
     *
     * @param field the setting that is wrong, for example {@code "mlp output size"}
     * @param expected what would have been accepted, for example {@code "a positive integer"}
     * @param found the offending value; strings are quoted so that blanks stay visible
     */
    public ModelSpecException(String field, String expected, Object found) {
        super(field + ": expected " + expected + ", found " + describe(found));
    }

    /**
     * Renders a found value for a message: strings in single quotes, {@code null} as {@code
     * nothing}, anything else through {@link String#valueOf(Object)}.
     *
     * @param found the value to render
     * @return the rendered value
     */
    public static String describe(Object found) {
        if (found == null) {
            return "nothing";
        }
        if (found instanceof CharSequence) {
            return "'" + found + "'";
        }
        return String.valueOf(found);
    }
}
