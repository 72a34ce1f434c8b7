package kdlab.engine.job;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.PhaseSetting;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.StepProgress;
import kdlab.engine.objective.WeightSchedule;
import kdlab.engine.objective.WeightedTerm;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.train.LoopSettings;

/**
 * Checks an experiment's {@code phases} against its objective and builds each phase's objective, optimizer and
 * loop settings, with no side effect: a phase names terms the objective has, and parts those terms own.
 */
final class PhasePlanner {
    private PhasePlanner() {}

    /**
     * @param e the experiment, with defaults
     * @param objective the main objective, built
     * @param settings the main loop settings
     * @param manager the run's long-lived manager (owner of each phase's optimizer state)
     * @param prefix "" or "teacher.", for messages
     * @param key how messages name a key
     * @return the phases, in order; empty when the experiment has none
     */
    static List<PhasePlan> plan(Experiment e, Objective objective, LoopSettings settings, NDManager manager, String prefix, UnaryOperator<String> key) {
        List<PhasePlan> plans = new ArrayList<>();
        if (e.phases() == null) {
            return plans;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < e.phases().size(); i++) {
            PhaseSetting p = e.phases().get(i);
            String at = key.apply(prefix + "phases[" + i + "]");
            if (p.name() == null || !p.name().matches("[A-Za-z0-9_-]+") || StepProgress.MAIN.equals(p.name())) {
                throw new UsageException(at + ".name: expected a name of letters, digits, '_' or '-', other than 'main', found " + p.name());
            }
            if (!names.add(p.name())) {
                throw new UsageException(at + ".name: expected a name no other phase has, found '" + p.name() + "' twice");
            }
            if (p.epochs() == null || p.epochs() < 1) {
                throw new UsageException(at + ".epochs: expected at least 1, found " + p.epochs());
            }
            if (p.weights().isEmpty()) {
                throw new UsageException(at + ".objective: expected at least one of the objective's terms with its weight, e.g. {"
                        + objective.termNames().get(0) + ": 1}, found none");
            }
            if (!(p.lr() > 0)) {
                throw new UsageException(at + ".lr: expected a number > 0, found " + p.lr());
            }
            List<WeightedTerm> terms = new ArrayList<>();
            for (Map.Entry<String, Double> w : p.weights().entrySet()) {
                WeightedTerm main = objective.terms().stream().filter(t -> t.name().equals(w.getKey())).findFirst().orElseThrow(() ->
                        new UsageException(at + ".objective." + w.getKey() + ": expected one of the objective's terms " + objective.termNames()
                                + ", found '" + w.getKey() + "'"));
                if (w.getValue() == null || !Double.isFinite(w.getValue()) || w.getValue() < 0) {
                    throw new UsageException(at + ".objective." + w.getKey() + ": expected a weight >= 0, found " + w.getValue());
                }
                terms.add(new WeightedTerm(main.name(), main.term(), w.getValue(), WeightSchedule.CONSTANT));
            }
            Set<String> own = new TreeSet<>();
            terms.forEach(t -> t.term().parts().keySet().forEach(part -> own.add(t.name() + "/" + part)));
            Set<String> learning = new TreeSet<>();
            terms.forEach(t -> t.term().partsTrainedIn(p.name()).forEach(part -> learning.add(t.name() + "/" + part)));
            boolean student = false;
            Set<String> parts = new TreeSet<>();
            for (String trained : p.trains()) {
                if ("student".equals(trained)) {
                    student = true;
                } else if ("parts".equals(trained)) {
                    parts.addAll(learning);
                } else if (own.contains(trained)) {
                    parts.add(trained);
                } else {
                    throw new UsageException(at + ".trains: expected student, parts or one of the phase's parts " + own + ", found '" + trained + "'");
                }
            }
            if (!student && parts.isEmpty()) {
                throw new UsageException(at + ".trains: " + p.trains() + " leaves nothing to train: the phase's terms own no parts; add student");
            }
            plans.add(new PhasePlan(p.name(), Objective.phase(terms, objective.terms(), student, parts), RunPlanner.optimizer(e, manager),
                    LrSchedule.parse("constant", p.lr()), settings.forPhase(p.name(), p.epochs())));
        }
        return plans;
    }
}
