package kdlab.datasets.synthetic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kdlab.datasets.DataException;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DataSource;
import kdlab.datasets.LoadedData;
import kdlab.datasets.Split;

/**
 * {@code synthetic:NAME[,key=value...]}. Generators:
 * <ul>
 *   <li>{@code relu-teacher}: x ~ N(0, I_d), label = argmax of a random two-layer ReLU network's outputs
 *       (centred per class so that classes are roughly balanced);
 *   <li>{@code gaussian-mixture}: label uniform, x = μ_label + N(0, I_d) with class means of norm ≈ sep;
 *   <li>{@code linear-regression}: x ~ N(0, I_d), y = A·x + noise·ε with A ~ N(0, 1/d), k outputs.
 * </ul>
 */
public final class SyntheticDataSource implements DataSource {
    /** The generator names. */
    public static final List<String> NAMES = List.of("relu-teacher", "gaussian-mixture", "linear-regression");

    private final String name;
    private final Map<String, Double> options;

    private SyntheticDataSource(String name, Map<String, Double> options) {
        this.name = name;
        this.options = options;
    }

    /**
     * @param body the spec after {@code synthetic:}
     * @return the source
     * @throws DataException for an unknown name, key or value
     */
    public static SyntheticDataSource parse(String body) {
        String[] parts = body.split(",");
        String name = parts[0].trim();
        if (!NAMES.contains(name)) {
            throw new DataException("--data synthetic:" + body + ": unknown generator '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
        Map<String, Double> options = defaults(name);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String key = kv[0].trim();
            if (!options.containsKey(key)) {
                throw new DataException("--data synthetic:" + body + ": unknown option '" + key + "' for " + name + "; expected one of " + String.join(", ", options.keySet()));
            }
            if (kv.length != 2) {
                throw new DataException("--data synthetic:" + body + ": expected " + key + "=VALUE, found '" + parts[i] + "'");
            }
            double v;
            try {
                v = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new DataException("--data synthetic:" + body + ": " + key + ": expected a number, found '" + kv[1] + "'");
            }
            options.put(key, v);
        }
        for (String key : List.of("n", "test", "d", "classes", "width", "k")) {
            if (options.containsKey(key)) {
                double v = options.get(key);
                double min = key.equals("classes") ? 2 : 1;
                if (v != Math.rint(v) || v < min) {
                    throw new DataException("--data synthetic:" + body + ": " + key + ": expected an integer >= " + (int) min + ", found " + v);
                }
            }
        }
        return new SyntheticDataSource(name, options);
    }

    private static Map<String, Double> defaults(String name) {
        Map<String, Double> o = new LinkedHashMap<>();
        o.put("n", 4000.0);
        o.put("test", 1000.0);
        o.put("d", 50.0);
        switch (name) {
            case "relu-teacher" -> {
                o.put("classes", 10.0);
                o.put("width", 100.0);
            }
            case "gaussian-mixture" -> {
                o.put("classes", 10.0);
                o.put("sep", 3.0);
            }
            default -> {
                o.put("k", 10.0);
                o.put("noise", 0.0);
            }
        }
        o.put("seed", 0.0);
        return o;
    }

    private int opt(String key) {
        return (int) Math.round(options.get(key));
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("synthetic:").append(name);
        options.forEach((k, v) -> sb.append(',').append(k).append('=').append(v == Math.rint(v) ? Long.toString(Math.round(v)) : Double.toString(v)));
        return sb.toString();
    }

    @Override
    public DataInfo describe() {
        boolean regression = name.equals("linear-regression");
        return new DataInfo(spec(), !regression, regression ? opt("k") : opt("classes"), new Shape(opt("d")));
    }

    @Override
    public LoadedData load(NDManager manager) {
        int n = opt("n");
        int test = opt("test");
        int d = opt("d");
        int total = n + test;
        SplittableRandom rng = new SplittableRandom(Math.round(options.get("seed")));
        float[] x = gaussian(rng, (long) total * d, 1.0);
        DataInfo info = describe();
        switch (name) {
            case "relu-teacher" -> {
                long[] labels = reluTeacherLabels(rng, x, total, d);
                return new LoadedData(info, classification(manager, x, labels, 0, n, d), classification(manager, x, labels, n, total, d));
            }
            case "gaussian-mixture" -> {
                long[] labels = mixture(rng, x, total, d);
                return new LoadedData(info, classification(manager, x, labels, 0, n, d), classification(manager, x, labels, n, total, d));
            }
            default -> {
                int k = opt("k");
                float[] y = linearTargets(rng, x, total, d, k);
                return new LoadedData(info, regression(manager, x, y, 0, n, d, k), regression(manager, x, y, n, total, d, k));
            }
        }
    }

    private long[] reluTeacherLabels(SplittableRandom rng, float[] x, int total, int d) {
        int width = opt("width");
        int classes = opt("classes");
        float[] w1 = gaussian(rng, (long) width * d, 1.0 / Math.sqrt(d));
        float[] w2 = gaussian(rng, (long) classes * width, 1.0 / Math.sqrt(width));
        double[] logits = new double[total * classes];
        double[] hidden = new double[width];
        for (int i = 0; i < total; i++) {
            for (int h = 0; h < width; h++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += w1[h * d + j] * x[i * d + j];
                }
                hidden[h] = Math.max(0, s);
            }
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int h = 0; h < width; h++) {
                    s += w2[c * width + h] * hidden[h];
                }
                logits[i * classes + c] = s;
            }
        }
        // ReLU features are non-negative, so raw logits favour a few classes; centring each class's logit
        // over the sample balances the labels without changing the network's decision geometry much.
        double[] mean = new double[classes];
        for (int i = 0; i < total; i++) {
            for (int c = 0; c < classes; c++) {
                mean[c] += logits[i * classes + c] / total;
            }
        }
        long[] labels = new long[total];
        for (int i = 0; i < total; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] - mean[c] > logits[i * classes + best] - mean[best]) {
                    best = c;
                }
            }
            labels[i] = best;
        }
        return labels;
    }

    private long[] mixture(SplittableRandom rng, float[] x, int total, int d) {
        int classes = opt("classes");
        float[] means = gaussian(rng, (long) classes * d, options.get("sep") / Math.sqrt(d));
        long[] labels = new long[total];
        for (int i = 0; i < total; i++) {
            int c = rng.nextInt(classes);
            labels[i] = c;
            for (int j = 0; j < d; j++) {
                x[i * d + j] += means[c * d + j];
            }
        }
        return labels;
    }

    private float[] linearTargets(SplittableRandom rng, float[] x, int total, int d, int k) {
        float[] a = gaussian(rng, (long) k * d, 1.0 / Math.sqrt(d));
        double noise = options.get("noise");
        float[] y = new float[total * k];
        for (int i = 0; i < total; i++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += a[c * d + j] * x[i * d + j];
                }
                y[i * k + c] = (float) (s + noise * rng.nextGaussian());
            }
        }
        return y;
    }

    private static float[] gaussian(SplittableRandom rng, long count, double scale) {
        float[] out = new float[Math.toIntExact(count)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (scale * rng.nextGaussian());
        }
        return out;
    }

    private static Split classification(NDManager m, float[] x, long[] labels, int from, int to, int d) {
        float[] xs = java.util.Arrays.copyOfRange(x, from * d, to * d);
        long[] ys = java.util.Arrays.copyOfRange(labels, from, to);
        NDArray inputs = m.create(xs, new Shape(to - from, d));
        return new Split(inputs, m.create(ys));
    }

    private static Split regression(NDManager m, float[] x, float[] y, int from, int to, int d, int k) {
        NDArray inputs = m.create(java.util.Arrays.copyOfRange(x, from * d, to * d), new Shape(to - from, d));
        NDArray targets = m.create(java.util.Arrays.copyOfRange(y, from * k, to * k), new Shape(to - from, k));
        return new Split(inputs, targets);
    }
}
