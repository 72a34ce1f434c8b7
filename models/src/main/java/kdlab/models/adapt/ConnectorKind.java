package kdlab.models.adapt;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.Locale;
import kdlab.models.ModelSpecException;

/** The connector families and how each is built for a pair of feature shapes. */
public enum ConnectorKind {
    /** Flatten, then a linear map to the teacher's width: for [N, D] features. */
    LINEAR,
    /** A 1×1 convolution to the teacher's channels, then batch norm: for [N, C, H, W] maps of equal H, W. */
    CONV;

    /**
     * @param text "linear" or "conv"
     * @return the kind
     */
    public static ConnectorKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelSpecException("--connector: expected linear or conv, found '" + text + "'");
        }
    }

    /**
     * Builds an uninitialised connector from a student feature shape to a teacher feature shape.
     *
     * @param tap the tap name, for messages
     * @param student the student's feature shape, batch axis first
     * @param teacher the teacher's feature shape, batch axis first
     * @return the connector block
     * @throws ModelSpecException when this kind cannot connect the two shapes
     */
    public Block build(String tap, Shape student, Shape teacher) {
        switch (this) {
            case LINEAR -> {
                if (teacher.dimension() != 2) {
                    throw new ModelSpecException("--connector linear at tap " + tap + ": expected a flat teacher feature [N, D], found " + teacher);
                }
                return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(teacher.get(1)).build());
            }
            case CONV -> {
                if (student.dimension() != 4 || teacher.dimension() != 4 || student.get(2) != teacher.get(2) || student.get(3) != teacher.get(3)) {
                    throw new ModelSpecException("--connector conv at tap " + tap + ": expected feature maps [N, C, H, W] of equal H and W, found student "
                            + student + " and teacher " + teacher);
                }
                return new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters((int) teacher.get(1)).optBias(false).build())
                        .add(BatchNorm.builder().build());
            }
            default -> throw new IllegalStateException("unhandled connector kind " + this);
        }
    }
}
