/**
 * Optimisers with state we own (DJL keeps momentum and Adam moments private, so a checkpoint could not hold
 * them) and learning-rate schedules as pure functions of the step.
 */
package kdlab.engine.optim;
