package kdlab.engine.report;

/**
 * A claim's optional {@code direction}: {@code greater} (the default) claims the effect is positive,
 * {@code less} that it is negative.
 *
 * @param sign +1 or -1: what the rule multiplies the effect by
 */
record Direction(int sign) {
    /** The claim key. */
    static final String KEY = "direction";

    /**
     * @param spec a claim
     * @return its direction
     */
    static Direction of(ClaimSpec spec) {
        String d = spec.optionalText(KEY);
        if (d == null || d.equals("greater")) {
            return new Direction(1);
        }
        if (d.equals("less")) {
            return new Direction(-1);
        }
        throw spec.error(KEY + ": expected greater or less, found '" + d + "'");
    }

    /**
     * @param sigmas the rule's sigmas as written
     * @return the holding condition on the mean
     */
    String holdsText(String sigmas) {
        return sign > 0 ? "> " + sigmas + " s.e." : "< −" + sigmas + " s.e.";
    }

    /**
     * @param sigmas the rule's sigmas as written
     * @return the failing condition on the mean
     */
    String failsText(String sigmas) {
        return sign > 0 ? "< −" + sigmas + " s.e." : "> " + sigmas + " s.e.";
    }
}
