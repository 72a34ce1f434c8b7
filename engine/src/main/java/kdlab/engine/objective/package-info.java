/**
 * Objectives as weighted sums of loss terms over views (which model sees which input). Hong et al.'s
 * student-teacher loss (CVPR 2021) is {@code CE(TRAINED_NOISY) + λ·FeatureMatch(TRAINED_NOISY, FROZEN_CLEAN)}.
 */
package kdlab.engine.objective;
