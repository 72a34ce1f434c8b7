/**
 * Sweeps on a cluster's own scheduler: a Slurm job array and a Kubernetes Indexed Job whose task i runs
 * {@code kdlab sweep run --shard i/N}, so that the scheduler places, retries and cancels the work and kdlab keeps
 * only its grid and run directories (docs/sweeps.md, "On a cluster").
 */
package kdlab.engine.sweep.cluster;
