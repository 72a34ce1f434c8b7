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
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("two loss terms are named " + t.name());
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
            names.add(t.name());
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

    /**
     * @return every term's trainable parts, under "TERM/PART", in a stable order
     */
    public java.util.SortedMap<String, ai.djl.nn.Block> parts() {
        java.util.SortedMap<String, ai.djl.nn.Block> all = new java.util.TreeMap<>();
        for (WeightedTerm t : terms) {
            t.term().parts().forEach((part, block) -> all.put(t.name() + "/" + part, block));
        }
        return all;
    }

    /**
     * @return each stateful term's state, by term name, in reporting order
     */
    public Map<String, ai.djl.ndarray.NDList> states() {
        Map<String, ai.djl.ndarray.NDList> states = new LinkedHashMap<>();
        for (WeightedTerm t : terms) {
            ai.djl.ndarray.NDList s = t.term().state();
            if (!s.isEmpty()) {
                states.put(t.name(), s);
            }
        }
        return states;
    }

    /**
     * @param name a term's name
     * @return the term
     * @throws IllegalArgumentException when no term has that name
     */
    public LossTerm term(String name) {
        for (WeightedTerm t : terms) {
            if (t.name().equals(name)) {
                return t.term();
            }
        }
        throw new IllegalArgumentException("no loss term is named " + name + "; the objective has " + termNames());
    }

    /**
     * Runs every term's after-step hook.
     *
     * @param step the finished step
     */
    public void afterStep(StepView step) {
        for (WeightedTerm t : terms) {
            t.term().afterStep(step);
        }
    }

    /**
     * Runs every term's epoch-end hook.
     *
     * @param epoch the zero-based epoch that ended
     */
    public void onEpochEnd(int epoch) {
        for (WeightedTerm t : terms) {
            t.term().onEpochEnd(epoch);
        }
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
            parts.put(t.name(), value);
            double w = t.weightAt(step.progress());
            if (w != 0) {
                NDArray weighted = w == 1 ? value : value.mul((float) w);
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
