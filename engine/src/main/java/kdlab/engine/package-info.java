/**
 * The kdlab engine: objectives made of loss terms over views, the training loop, run directories and the
 * command line. See ARCHITECTURE.md for the agreed shape; the methods follow Hong et al., "Student-Teacher
 * Learning from Clean Inputs to Noisy Inputs" (CVPR 2021).
 */
package kdlab.engine;
