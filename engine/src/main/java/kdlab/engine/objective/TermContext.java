package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Locale;
import kdlab.engine.Seeds;
import kdlab.engine.UsageException;
import kdlab.models.Trainability;
import kdlab.models.tap.TappedBlock;

/**
 * What a {@link TermSpec} may look at while it becomes a term: the trained model and the teacher (built and
 * initialised, though the teacher's weights may not be loaded yet), the shape of each tap for one example,
 * the task, whether the run has noisy inputs, and where to create trainable parts. Errors it raises name the
 * term's key in the experiment, {@code objective.NAME}.
 *
 * @param name the term's key under {@code objective}
 * @param student the trained model
 * @param teacher the teacher, or null in a run without one
 * @param inputShape the one-example input shape both models take
 * @param classification whether the targets are class labels
 * @param noisy whether the run's noisy view differs from its clean one
 * @param manager the run's long-lived manager, for trainable parts
 * @param seed the run seed, for initialising trainable parts reproducibly
 * @param keyNames how messages name a key of the experiment ({@code objective.NAME.KEY} in a file; the CLI's
 *     shortcuts name their flags instead)
 * @param trainExamples examples in the training split, the range of its sample indices (0 when unknown)
 * @param trainLabels the training split's class labels, int64 [trainExamples] on the run's device, indexed like
 *     its sample indices (CRD's class-exclusive negatives); null for regression or when unknown
 */
public record TermContext(String name, TappedBlock student, TappedBlock teacher, Shape inputShape, boolean classification, boolean noisy,
        NDManager manager, long seed, java.util.function.UnaryOperator<String> keyNames, int trainExamples, NDArray trainLabels) {

    /**
     * A context without the training labels.
     *
     * @param name the term's key under {@code objective}
     * @param student the trained model
     * @param teacher the teacher, or null
     * @param inputShape the one-example input shape
     * @param classification whether the targets are class labels
     * @param noisy whether the run's noisy view differs from its clean one
     * @param manager the run's long-lived manager
     * @param seed the run seed
     * @param keyNames how messages name a key
     * @param trainExamples examples in the training split (0 when unknown)
     */
    public TermContext(String name, TappedBlock student, TappedBlock teacher, Shape inputShape, boolean classification, boolean noisy,
            NDManager manager, long seed, java.util.function.UnaryOperator<String> keyNames, int trainExamples) {
        this(name, student, teacher, inputShape, classification, noisy, manager, seed, keyNames, trainExamples, null);
    }

    /**
     * A context for a term that needs no per-sample state.
     *
     * @param name the term's key under {@code objective}
     * @param student the trained model
     * @param teacher the teacher, or null
     * @param inputShape the one-example input shape
     * @param classification whether the targets are class labels
     * @param noisy whether the run's noisy view differs from its clean one
     * @param manager the run's long-lived manager
     * @param seed the run seed
     * @param keyNames how messages name a key
     */
    public TermContext(String name, TappedBlock student, TappedBlock teacher, Shape inputShape, boolean classification, boolean noisy,
            NDManager manager, long seed, java.util.function.UnaryOperator<String> keyNames) {
        this(name, student, teacher, inputShape, classification, noisy, manager, seed, keyNames, 0);
    }

    /**
     * @param key a key of the term's spec, or null for the term itself
     * @return how messages name it
     */
    public String key(String key) {
        return keyNames.apply("objective." + name + (key == null ? "" : "." + key));
    }

    /**
     * @param key a key of the term's spec, or null for the term itself
     * @param message what is wrong, with what was expected and found
     * @return the exception to throw
     */
    public UsageException error(String key, String message) {
        return new UsageException(key(key) + ": " + message);
    }

    /**
     * @return the teacher
     * @throws UsageException when the run has none
     */
    public TappedBlock requireTeacher() {
        if (teacher == null) {
            throw error(null, "this term compares the student with a teacher, but the experiment has no teacher; add teacher: RUN_DIR or an inline teacher");
        }
        return teacher;
    }

    /**
     * Reads a view setting. In a run without noise both inputs are the same array, so a noisy view is the
     * clean one and the model runs once per step.
     *
     * @param key the spec key, for messages
     * @param input "noisy" or "clean"
     * @param frozen whether the view runs the teacher
     * @return the view
     */
    public View view(String key, String input, boolean frozen) {
        boolean wantNoisy;
        switch (input == null ? "" : input.toLowerCase(Locale.ROOT)) {
            case "noisy" -> wantNoisy = true;
            case "clean" -> wantNoisy = false;
            default -> throw error(key, "expected noisy or clean, found " + (input == null ? "nothing" : "'" + input + "'"));
        }
        if (frozen) {
            requireTeacher();
            return wantNoisy && noisy ? View.FROZEN_NOISY : View.FROZEN_CLEAN;
        }
        return wantNoisy && noisy ? View.TRAINED_NOISY : View.TRAINED_CLEAN;
    }

    /**
     * @param key the spec key naming the tap, for messages
     * @param tap a tap name of the trained model
     * @return its activation shape for one example
     */
    public Shape studentTap(String key, String tap) {
        return tapShape(key, "student", student, tap);
    }

    /**
     * @param key the spec key naming the tap, for messages
     * @param tap a tap name of the teacher
     * @return its activation shape for one example
     */
    public Shape teacherTap(String key, String tap) {
        return tapShape(key, "teacher", requireTeacher(), tap);
    }

    /** @return the trained model's output shape for one example */
    public Shape studentOutput() {
        return student.getOutputShapes(new Shape[] {inputShape})[0];
    }

    /** @return the teacher's output shape for one example */
    public Shape teacherOutput() {
        return requireTeacher().getOutputShapes(new Shape[] {inputShape})[0];
    }

    private Shape tapShape(String key, String role, TappedBlock model, String tap) {
        List<String> names = model.tapNames();
        int i = names.indexOf(tap);
        if (i < 0) {
            throw error(key, "unknown tap '" + tap + "'; the " + role + " has " + (names.isEmpty() ? "no taps" : String.join(", ", names)));
        }
        return model.getOutputShapes(new Shape[] {inputShape})[1 + i];
    }

    /**
     * Initialises a part the term trains with the student (a connector, a head), reproducibly for the run's
     * seed and the term's name.
     *
     * @param part the block
     * @param partName its name, unique within the term
     * @param input the part's input shape
     * @return the part
     */
    public Block initialisePart(Block part, String partName, Shape input) {
        Seeds.reseed(seed, "part-init:" + name + "/" + partName, 0);
        part.initialize(manager, DataType.FLOAT32, input);
        Trainability.train(part);
        return part;
    }
}
