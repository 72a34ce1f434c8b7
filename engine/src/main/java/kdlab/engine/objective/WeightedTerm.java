package kdlab.engine.objective;

/**
 * A loss term with its weight in the objective.
 *
 * @param term the term
 * @param weight its coefficient; must be finite and non-negative
 */
public record WeightedTerm(LossTerm term, double weight) {
    /** Validates the weight. */
    public WeightedTerm {
        if (term == null) {
            throw new IllegalArgumentException("term must not be null");
        }
        if (!Double.isFinite(weight) || weight < 0) {
            throw new IllegalArgumentException("weight of " + term.name() + ": expected a finite number >= 0, found " + weight);
        }
    }
}
