package kdlab.engine.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix products a student-teacher step performs, read off initialised models: per linear or
 * convolutional layer the forward product, and for the trained student its weight gradient and (for every
 * layer but the first, whose input needs no gradient) its input gradient. Elementwise work (activations,
 * batch norm, the losses, the update) is not counted: the figure is the step's GEMM work, the part a BLAS
 * bounds.
 */
public final class StepGemms {
    private StepGemms() {}

    /**
     * @param student the trained model, initialised
     * @param teacher the frozen teacher, initialised; null when its features come from a cache
     * @param batch examples per step
     * @return the step's products
     */
    public static List<Gemm> of(Block student, Block teacher, long batch) {
        List<Gemm> all = new ArrayList<>();
        List<Gemm> forward = forward(student, batch);
        for (int i = 0; i < forward.size(); i++) {
            Gemm f = forward.get(i);
            all.add(f);
            all.add(new Gemm(f.n(), f.m(), f.k(), f.groups(), Gemm.Role.WEIGHT_GRADIENT));
            if (i > 0) {
                all.add(new Gemm(f.m(), f.n(), f.k(), f.groups(), Gemm.Role.INPUT_GRADIENT));
            }
        }
        if (teacher != null) {
            all.addAll(forward(teacher, batch));
        }
        return all;
    }

    /**
     * @param gemms products
     * @return their total floating-point operations
     */
    public static double flops(List<Gemm> gemms) {
        return gemms.stream().mapToDouble(Gemm::flops).sum();
    }

    /**
     * @param model an initialised model
     * @param batch examples
     * @return its forward products, in the order its layers are declared
     */
    public static List<Gemm> forward(Block model, long batch) {
        List<Gemm> out = new ArrayList<>();
        collect(model, batch, out);
        return out;
    }

    private static void collect(Block block, long batch, List<Gemm> out) {
        if (block instanceof Linear || block instanceof Convolution) {
            Shape in = block.getInputShapes()[0];
            Shape w = weight(block).getShape();
            if (block instanceof Linear) {
                long inFeatures = w.get(1);
                long rows = in.size() / in.get(0) / inFeatures;
                out.add(new Gemm(batch * rows, inFeatures, w.get(0), 1, Gemm.Role.FORWARD));
            } else {
                Shape y = block.getOutputShapes(new Shape[] {in})[0];
                long positions = y.size() / y.get(0) / y.get(1);
                long groups = in.get(1) / w.get(1);
                long kernel = w.size() / w.get(0);
                out.add(new Gemm(batch * positions, kernel, w.get(0) / groups, groups, Gemm.Role.FORWARD));
            }
            return;
        }
        for (Block child : block.getChildren().values()) {
            collect(child, batch, out);
        }
    }

    private static ai.djl.ndarray.NDArray weight(Block layer) {
        for (var p : layer.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                return p.getValue().getArray();
            }
        }
        throw new IllegalStateException("layer " + layer + " has no weight");
    }
}
