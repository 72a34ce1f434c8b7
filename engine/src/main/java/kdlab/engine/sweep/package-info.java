/**
 * Sweeps: an experiment plus axes, expanded into a grid of ordinary run directories that any number of
 * processes, on any number of machines, complete together (docs/sweeps.md).
 */
package kdlab.engine.sweep;
