package kdlab.engine.objective;

/**
 * A loss term with its name in the objective, its weight and its weight schedule.
 *
 * @param name the term's key in the experiment and its column in metrics.csv
 * @param term the term
 * @param weight its coefficient; must be finite and non-negative
 * @param schedule how the coefficient changes over training
 */
public record WeightedTerm(String name, LossTerm term, double weight, WeightSchedule schedule) {
    /** Validates the weight. */
    public WeightedTerm {
        if (term == null) {
            throw new IllegalArgumentException("term must not be null");
        }
        name = name == null ? term.name() : name;
        schedule = schedule == null ? WeightSchedule.CONSTANT : schedule;
        if (!Double.isFinite(weight) || weight < 0) {
            throw new IllegalArgumentException("weight of " + name + ": expected a finite number >= 0, found " + weight);
        }
    }

    /**
     * A constant weight under the term's own name.
     *
     * @param term the term
     * @param weight its coefficient
     */
    public WeightedTerm(LossTerm term, double weight) {
        this(term.name(), term, weight, WeightSchedule.CONSTANT);
    }

    /**
     * @param progress where the step is
     * @return the coefficient of that step
     */
    public double weightAt(StepProgress progress) {
        return weight * schedule.factor(progress);
    }
}
