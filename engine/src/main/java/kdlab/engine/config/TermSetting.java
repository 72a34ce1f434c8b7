package kdlab.engine.config;

import kdlab.engine.objective.TermSpec;
import kdlab.engine.objective.WeightSchedule;

/**
 * One weighted term of an objective as an experiment writes it:
 * {@code objective: {NAME: {type: T, weight: W, schedule: S, ...the type's own keys}}}. The type defaults to
 * NAME, so {@code kd: {weight: 0.9}} is a KD term named kd.
 *
 * @param name the term's key, also its column in metrics.csv
 * @param type its registered type
 * @param weight its coefficient (default 1)
 * @param schedule how the coefficient changes over training (default constant)
 * @param spec the type's own settings
 */
public record TermSetting(String name, String type, double weight, WeightSchedule schedule, TermSpec spec) {}
