/**
 * The training loop, readable top to bottom and extended by listeners; evaluation; early stopping.
 * Values are summed on the device and read once per logging interval, never per step.
 */
package kdlab.engine.train;
