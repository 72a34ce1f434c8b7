package kdlab.engine.objective;

/**
 * Which model sees which input in a step. The trained model is the one whose parameters the step updates;
 * the frozen model is the teacher. Hong et al. (CVPR 2021) train a student on noisy inputs against a
 * teacher that sees the clean version of the same inputs: {@link #TRAINED_NOISY} and {@link #FROZEN_CLEAN}.
 */
public enum View {
    /** The trained model on the clean inputs (a teacher being trained). */
    TRAINED_CLEAN(false, false),
    /** The trained model on the noisy inputs (a student). */
    TRAINED_NOISY(false, true),
    /** The frozen teacher on the clean inputs. */
    FROZEN_CLEAN(true, false),
    /** The frozen teacher on the noisy inputs. */
    FROZEN_NOISY(true, true);

    private final boolean frozen;
    private final boolean noisy;

    View(boolean frozen, boolean noisy) {
        this.frozen = frozen;
        this.noisy = noisy;
    }

    /** @return whether this view runs the frozen teacher */
    public boolean frozen() {
        return frozen;
    }

    /** @return whether this view reads the noisy inputs */
    public boolean noisy() {
        return noisy;
    }

    /**
     * The rule every student-versus-teacher term shares, kept in one place so their messages agree.
     *
     * @param term the term's name, for the message
     * @param trained the view that must run the trained model
     * @param frozen the view that must run the frozen teacher
     * @throws IllegalArgumentException when either view runs the wrong model
     */
    public static void requireTrainedAndFrozen(String term, View trained, View frozen) {
        if (trained.frozen() || !frozen.frozen()) {
            throw new IllegalArgumentException(term + " compares a trained view with a frozen one, found " + trained + " and " + frozen);
        }
    }
}
