package kdlab.engine.objective;

import kdlab.models.Scalars;

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
    /** Terms not computed here whose parts and state are still checkpointed (the main training's, in a phase). */
    private final List<WeightedTerm> carried;
    /** Whether the student learns under this objective (false in a phase that trains only parts). */
    private final boolean trainsStudent;
    /** The parts, by "TERM/PART", that learn under this objective. */
    private final java.util.Set<String> trainedParts;

    /**
     * @param terms the terms, in reporting order; names must be unique
     */
    public Objective(List<WeightedTerm> terms) {
        this(terms, List.of(), true, null);
    }

    /**
     * An objective of a training phase (PhaseSetting): it computes {@code terms} and trains only what it is
     * told, but checkpoints every term's parts and state, so that a phase's checkpoint restores the whole run.
     *
     * @param terms the terms computed, in reporting order
     * @param all every term of the experiment, {@code terms} among them (the same instances)
     * @param trainsStudent whether the student learns
     * @param trainedParts the parts, by "TERM/PART", that learn; null for every part of {@code terms}
     * @return the phase's objective
     */
    public static Objective phase(List<WeightedTerm> terms, List<WeightedTerm> all, boolean trainsStudent, java.util.Set<String> trainedParts) {
        java.util.Set<String> computed = new java.util.HashSet<>();
        terms.forEach(t -> computed.add(t.name()));
        return new Objective(terms, all.stream().filter(t -> !computed.contains(t.name())).toList(), trainsStudent, trainedParts);
    }

    private Objective(List<WeightedTerm> terms, List<WeightedTerm> carried, boolean trainsStudent, java.util.Set<String> trainedParts) {
        this.carried = List.copyOf(carried);
        this.trainsStudent = trainsStudent;
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
        java.util.Set<String> ownParts = new java.util.TreeSet<>();
        for (WeightedTerm t : terms) {
            t.term().partsTrainedIn(StepProgress.MAIN).forEach(part -> ownParts.add(t.name() + "/" + part));
        }
        this.trainedParts = trainedParts == null ? ownParts : java.util.Set.copyOf(trainedParts);
    }

    /** @return whether the student learns under this objective */
    public boolean trainsStudent() {
        return trainsStudent;
    }

    /**
     * @return the parts that learn under this objective, under "TERM/PART": every part of its terms, or in a
     *     phase the ones it names
     */
    public java.util.SortedMap<String, ai.djl.nn.Block> trainedParts() {
        java.util.SortedMap<String, ai.djl.nn.Block> all = parts();
        all.keySet().retainAll(trainedParts);
        return all;
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
        for (WeightedTerm t : withCarried()) {
            t.term().parts().forEach((part, block) -> all.put(t.name() + "/" + part, block));
        }
        return all;
    }

    /**
     * @return each stateful term's state, by term name, in reporting order
     */
    public Map<String, ai.djl.ndarray.NDList> states() {
        Map<String, ai.djl.ndarray.NDList> states = new LinkedHashMap<>();
        for (WeightedTerm t : withCarried()) {
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
        for (WeightedTerm t : withCarried()) {
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

    private List<WeightedTerm> withCarried() {
        if (carried.isEmpty()) {
            return terms;
        }
        List<WeightedTerm> all = new ArrayList<>(terms);
        all.addAll(carried);
        return all;
    }

    /**
     * @return the teacher's taps read from the clean view by the terms computed here, or null when a term
     *     may read any of them
     */
    public Set<String> frozenTapsRead() {
        Set<String> all = new java.util.TreeSet<>();
        for (WeightedTerm t : terms) {
            if (t.term().views().contains(View.FROZEN_CLEAN)) {
                Set<String> read = t.term().frozenTapsRead();
                if (read == null) {
                    return null;
                }
                all.addAll(read);
            }
        }
        return all;
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
                NDArray weighted = w == 1 ? value : Scalars.mul(value, (float) w);
                total = total == null ? weighted : total.add(weighted);
            }
        }
        if (total == null) {
            // Every weight is zero: keep a differentiable zero so the loop needs no special case.
            total = Scalars.mul(parts.values().iterator().next(), 0f);
        }
        return new LossBreakdown(total, parts);
    }
}
