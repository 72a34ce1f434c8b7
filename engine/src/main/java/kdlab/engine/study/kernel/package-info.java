/**
 * The {@code kernel-pi} study's analysis (Rahbar, Panahi et al., "Analysis of Knowledge Transfer in Kernel Regime",
 * arXiv 2003.13438, CIKM 2022; PAPERS.md §2.3; docs/studies.md, kernel-pi): the Gram matrix H∞ of the training
 * inputs and its spectrum ({@link kdlab.engine.study.kernel.GramMatrix}, {@link kdlab.engine.study.kernel.Spectrum}),
 * the predicted linear dynamics of the student's outputs ({@link kdlab.engine.study.kernel.KernelPrediction}),
 * each cell's run replayed to record those outputs ({@link kdlab.engine.study.kernel.TrajectoryReplay}), the two
 * compared ({@link kdlab.engine.study.kernel.CellAnalysis}), and the study's verdicts
 * ({@link kdlab.engine.study.kernel.KernelPiVerdicts}) behind {@link kdlab.engine.study.kernel.KernelPiAnalysis}.
 */
package kdlab.engine.study.kernel;
