package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A weighted sum of loss terms. Terms with weight zero are still computed and reported (a baseline student
 * shows the feature distance it did not optimise) but contribute nothing to the gradient.
 */
public final class Objective {
    private final List<WeightedTerm> terms;

    /**
     * @param terms the terms, in reporting order; names must be unique
     */
    public Objective(List<WeightedTerm> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("an objective needs at least one term");
        }
        Set<String> seen = new java.util.HashSet<>();
        for (WeightedTerm t : terms) {
            if (!seen.add(t.term().name())) {
                throw new IllegalArgumentException("two loss terms are named " + t.term().name());
            }
        }
        this.terms = List.copyOf(terms);
    }

    /** @return the terms */
    public List<WeightedTerm> terms() {
        return terms;
    }

    /** @return the term names, in order: the loss columns of metrics.csv after "loss" */
    public List<String> termNames() {
        List<String> names = new ArrayList<>();
        for (WeightedTerm t : terms) {
            names.add(t.term().name());
        }
        return names;
    }

    /** @return every view any term reads */
    public Set<View> views() {
        Set<View> views = EnumSet.noneOf(View.class);
        for (WeightedTerm t : terms) {
            views.addAll(t.term().views());
        }
        return views;
    }

    /** @return whether any term reads the frozen teacher */
    public boolean needsTeacher() {
        return views().stream().anyMatch(View::frozen);
    }

    /**
     * @param step the step's views
     * @return the total and each part
     */
    public LossBreakdown compute(StepView step) {
        Map<String, NDArray> parts = new LinkedHashMap<>();
        NDArray total = null;
        for (WeightedTerm t : terms) {
            NDArray value = t.term().compute(step);
            parts.put(t.term().name(), value);
            if (t.weight() != 0) {
                NDArray weighted = t.weight() == 1 ? value : value.mul((float) t.weight());
                total = total == null ? weighted : total.add(weighted);
            }
        }
        if (total == null) {
            // Every weight is zero: keep a differentiable zero so the loop needs no special case.
            total = parts.values().iterator().next().mul(0f);
        }
        return new LossBreakdown(total, parts);
    }
}
