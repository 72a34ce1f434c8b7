package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Bringing two feature maps [N, C, H, W] to one spatial size, as RepDistiller's VID, FT and FSP losses do with
 * {@code F.adaptive_avg_pool2d} of the larger map to the smaller one's size. kdlab allows only sizes where the
 * larger is a whole multiple of the smaller, where adaptive average pooling is plain average pooling with a
 * kernel and stride of the ratio (every CIFAR family here halves its maps between stages).
 */
final class FeatureMaps {
    private FeatureMaps() {}

    /**
     * @param a one map's shape [N, C, H, W]
     * @param b the other's
     * @return what stops pooling the larger to the smaller, or null when the two fit (or are of one size)
     */
    static String poolingProblem(Shape a, Shape b) {
        if (a.dimension() != 4 || b.dimension() != 4) {
            return "expected two feature maps [C, H, W]";
        }
        long ah = a.get(2);
        long aw = a.get(3);
        long bh = b.get(2);
        long bw = b.get(3);
        boolean fits = ah >= bh ? ah % bh == 0 && aw % bw == 0 && ah / bh == aw / bw : bh % ah == 0 && bw % aw == 0 && bh / ah == bw / aw;
        return fits ? null : "the larger spatial size must be a whole multiple of the smaller (the same for H and W) to be average-pooled to it";
    }

    /**
     * @param map [N, C, H, W]
     * @param height the target height, dividing H
     * @param width the target width, dividing W by the same ratio
     * @return the map average-pooled to [N, C, height, width], or the map itself when it has that size
     */
    static NDArray poolTo(NDArray map, long height, long width) {
        long h = map.getShape().get(2);
        long w = map.getShape().get(3);
        if (h == height && w == width) {
            return map;
        }
        Shape window = new Shape(h / height, w / width);
        return Pool.avgPool2d(map, window, window, new Shape(0, 0), false, true);
    }

    /**
     * @param a a map [N, C1, H1, W1], or a flat feature (returned as it is, with {@code b})
     * @param b a map [N, C2, H2, W2]
     * @return the two, the larger pooled to the smaller's spatial size
     */
    static NDArray[] matchSpatial(NDArray a, NDArray b) {
        if (a.getShape().dimension() != 4) {
            return new NDArray[] {a, b};
        }
        long ah = a.getShape().get(2);
        long bh = b.getShape().get(2);
        if (ah > bh) {
            return new NDArray[] {poolTo(a, bh, b.getShape().get(3)), b};
        }
        if (ah < bh) {
            return new NDArray[] {a, poolTo(b, ah, a.getShape().get(3))};
        }
        return new NDArray[] {a, b};
    }

    /**
     * @param a a tap's shape
     * @param b another's
     * @return {@code a} with the spatial size {@link #matchSpatial} gives it beside {@code b}
     */
    static Shape matchedShape(Shape a, Shape b) {
        if (a.dimension() != 4 || a.get(2) <= b.get(2)) {
            return a;
        }
        return new Shape(a.get(0), a.get(1), b.get(2), b.get(3));
    }
}
