package kdlab.engine.objective;

/**
 * A term's settings as an experiment file writes them under {@code objective.NAME} (besides the {@code type},
 * {@code weight} and {@code schedule} every term has). A spec is a plain record read by Jackson; it becomes a
 * {@link LossTerm} once the models are known, when {@link #build} checks it against them — before the first
 * batch and before anything is written — with the term's own shape rule.
 */
public interface TermSpec {
    /**
     * @param context the two models, their tap shapes and the run's settings
     * @return the term, with any trainable parts it owns initialised
     * @throws kdlab.engine.UsageException naming {@code objective.NAME.KEY} when the spec does not fit the models
     */
    LossTerm build(TermContext context);

    /**
     * @return these settings with every default written out, as a run's config.json records them, so that a
     *     recorded experiment keeps its meaning should a default change
     */
    default TermSpec withDefaults() {
        return this;
    }

    /**
     * @param context the models, as for {@link #build}
     * @return these settings as a run's config.json records them: every default written out, and any choice
     *     made from the models (the taps two models share, a connector picked by shape) written as made
     */
    default TermSpec resolve(TermContext context) {
        return withDefaults();
    }
}
