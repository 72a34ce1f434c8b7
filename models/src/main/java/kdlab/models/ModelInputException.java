package kdlab.models;

import ai.djl.ndarray.types.Shape;

/**
 * Thrown when a model cannot take examples of the data's shape, for example a network defined for
 * 32×32 images given flat vectors.
 *
 * <p>The message reads {@code model SPEC: expected EXPECTED, found examples of shape SHAPE;
 * ADVICE}. A caller that knows more (the command-line flag, the data's name) can say it with
 * {@link #message(String, String)} and the same parts.
 */
public class ModelInputException extends ModelSpecException {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final String expected;
    private final transient Shape found;
    private final String advice;

    /**
     * Creates the exception.
     *
     * @param model the model's canonical spec, for example {@code "resnet20"}
     * @param expected the examples the model takes, for example {@code "image examples [C, H, W]
     *     of at most 32x32"}
     * @param found the shape of one example of the data
     * @param advice what to do instead, for example {@code "use an mlp:... model for these data"}
     */
    public ModelInputException(String model, String expected, Shape found, String advice) {
        super(message("model " + model, expected, found, null, advice));
        this.model = model;
        this.expected = expected;
        this.found = found;
        this.advice = advice;
    }

    /**
     * The message naming the model and the data the caller's way.
     *
     * @param subject how the caller names the model, for example {@code "--model resnet20"}
     * @param data the data's name, or null to leave it out
     * @return {@code SUBJECT: expected EXPECTED, found examples of shape SHAPE[ in DATA]; ADVICE}
     */
    public String message(String subject, String data) {
        return message(subject, expected, found, data, advice);
    }

    private static String message(
            String subject, String expected, Shape found, String data, String advice) {
        return subject
                + ": expected "
                + expected
                + ", found examples of shape "
                + found
                + (data == null ? "" : " in " + data)
                + "; "
                + advice;
    }

    /**
     * The model's canonical spec.
     *
     * @return for example {@code "resnet20"}
     */
    public String model() {
        return model;
    }

    /**
     * The examples the model takes.
     *
     * @return for example {@code "image examples [C, H, W] of at most 32x32"}
     */
    public String expected() {
        return expected;
    }

    /**
     * The shape of one example of the data.
     *
     * @return the shape, without a batch axis
     */
    public Shape found() {
        return found;
    }

    /**
     * What to do instead.
     *
     * @return for example {@code "use an mlp:... model for these data"}
     */
    public String advice() {
        return advice;
    }
}
