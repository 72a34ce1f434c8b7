package kdlab.engine.objective;

import java.util.List;
import kdlab.models.Mlp;
import kdlab.models.tap.TappedBlock;

/**
 * The default tap of the relational terms (PKT, RKD, CC), which RepDistiller applies to the penultimate vector
 * ({@code feat[-1]}): a CNN family's pooled vector {@code pool}, or an MLP's last hidden layer.
 */
final class PenultimateTap {
    private PenultimateTap() {}

    /**
     * @param model a model
     * @return its penultimate vector's tap, or null when it has neither {@code pool} nor a hidden-layer tap
     */
    static String of(TappedBlock model) {
        List<String> names = model.tapNames();
        if (names.contains("pool")) {
            return "pool";
        }
        String last = null;
        for (String name : names) {
            if (name.startsWith(Mlp.HIDDEN_TAP_PREFIX)) {
                last = name;
            }
        }
        return last;
    }

    /**
     * @param context the term's context
     * @param key the spec key that names the student's taps, for the message
     * @param teacher whether the teacher's tap is wanted
     * @return the model's penultimate tap, as a one-element list
     * @throws kdlab.engine.UsageException when the model has none
     */
    static List<String> require(TermContext context, String key, boolean teacher) {
        TappedBlock model = teacher ? context.requireTeacher() : context.student();
        String tap = of(model);
        if (tap == null) {
            throw context.error(key, "no default: the " + (teacher ? "teacher" : "student") + " has no pool or hidden-layer tap; name one of "
                    + String.join(", ", model.tapNames()));
        }
        return List.of(tap);
    }
}
