package kdlab.engine.objective;

import java.util.ArrayList;
import java.util.List;

/**
 * Hong et al.'s objective (CVPR 2021) built directly, for code that trains without an experiment (benchmarks,
 * tests of the loop): the output loss on the scored view plus λ·feature match against the frozen teacher's
 * clean view. Experiments write the same as {@code objective: {ce: 1, feature_match: {weight: λ}}}.
 */
public final class HongObjective {
    private HongObjective() {}

    /**
     * @param classification cross-entropy when true, squared error otherwise
     * @param scored the view whose output is scored
     * @param featureWeight λ
     * @param taps matched taps; empty for the output loss alone
     * @return the objective
     */
    public static Objective of(boolean classification, View scored, double featureWeight, List<String> taps) {
        List<WeightedTerm> terms = new ArrayList<>();
        terms.add(new WeightedTerm(classification ? new CrossEntropyTerm(scored) : new SquaredErrorTerm(scored), 1.0));
        if (!taps.isEmpty()) {
            terms.add(new WeightedTerm(new FeatureMatchTerm(scored, View.FROZEN_CLEAN, taps), featureWeight));
        }
        return new Objective(terms);
    }
}
