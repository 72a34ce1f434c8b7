package kdlab.engine.study.kernel;

/**
 * One analysed cell of the kernel-pi sweep.
 *
 * @param cell the cell's name
 * @param teacher the teacher kind (the sweep's {@code teacher} axis: good, noisy, random)
 * @param seed the seed
 * @param result the cell's figures
 */
public record KernelPiRow(String cell, String teacher, String seed, CellResult result) {}
