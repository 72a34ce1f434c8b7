/**
 * {@code kdlab bench}: the reference speed workloads (a student-teacher MLP epoch of Hong et al., CVPR 2021,
 * and a resnet20 student-teacher run), timed through the same training loop that {@code kdlab train} uses,
 * with the engine's own GEMM rate at the workload's shapes measured in the same process so that a figure
 * says how close the loop comes to the machine.
 */
package kdlab.engine.bench;
