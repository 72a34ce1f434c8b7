package kdlab.engine.job;

import kdlab.engine.objective.Objective;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.engine.train.LoopSettings;

/**
 * One training phase of a plan, checked and ready to run before the main training (see
 * {@link kdlab.engine.config.PhaseSetting}).
 *
 * @param name the phase's name; its run files go to {@code RUN/phases/NAME/}
 * @param objective the phase's loss over the experiment's own term instances, with what it trains
 * @param optimizer a fresh optimizer of the experiment's type, for this phase alone
 * @param schedule the phase's constant learning rate
 * @param settings the loop settings: the phase's epochs, no early stop, last weights kept
 */
public record PhasePlan(String name, Objective objective, ParameterOptimizer optimizer, LrSchedule schedule, LoopSettings settings) {}
