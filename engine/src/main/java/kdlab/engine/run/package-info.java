/**
 * Run directories: the resolved config, the manifest, metrics.csv, summary.json and checkpoints, all
 * written atomically so that a crash never leaves a half-written file behind.
 */
package kdlab.engine.run;
