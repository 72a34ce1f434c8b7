package kdlab.datasets;

import ai.djl.ndarray.types.Shape;

/**
 * What a dataset holds, known before its arrays are loaded.
 *
 * @param name the data spec it came from
 * @param classification true for class labels, false for regression targets
 * @param outputs number of classes, or the regression target width
 * @param exampleShape the shape of one input example (no batch axis)
 */
public record DataInfo(String name, boolean classification, int outputs, Shape exampleShape) {}
