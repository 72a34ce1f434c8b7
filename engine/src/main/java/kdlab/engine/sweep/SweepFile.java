package kdlab.engine.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kdlab.engine.UsageException;

/**
 * A sweep file as read (docs/sweeps.md): the experiment, the overrides every cell gets, the axes, the seeds,
 * the scales, and the analysis keys ({@code claims}, {@code plots}) that the report reads. Every problem is one
 * line naming the file and the key.
 *
 * @param file the file
 * @param experiment the experiment file, resolved against the sweep file's folder, or null when inline
 * @param inlineExperiment the experiment mapping when given inline, else null
 * @param set overrides applied to every cell first
 * @param axes the axes in grid order, not including seeds
 * @param seeds the seeds, or empty for the experiment's own
 * @param scales the named scales
 * @param analysis the {@code claims} and {@code plots} keys, or null when there are none
 */
public record SweepFile(Path file, Path experiment, ObjectNode inlineExperiment, List<String> set, List<Axis> axes, List<Long> seeds,
        Map<String, Scale> scales, ObjectNode analysis) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("experiment", "set", "axes", "seeds", "scales", "claims", "plots", "description");
    private static final Set<String> SCALE_KEYS = Set.of("set", "axes", "seeds");

    /**
     * What a scale changes: its overrides follow the top-level ones; its axes and seeds, when given, replace them.
     *
     * @param set overrides applied after the top-level {@code set}
     * @param axes replacing axes, or null to keep the sweep's
     * @param seeds replacing seeds, or null to keep the sweep's
     */
    public record Scale(List<String> set, List<Axis> axes, List<Long> seeds) {}

    /**
     * @param file a sweep file
     * @return it, read and checked
     * @throws UsageException naming the file and key on any problem
     */
    public static SweepFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": expected a sweep file (YAML), found none");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UsageException(file + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new UsageException(file + ": expected a mapping with experiment, axes, seeds ..., found " + kind(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new UsageException(file + ": unknown key '" + k + "'; known keys: " + String.join(", ", new java.util.TreeSet<>(KEYS)));
            }
        }
        JsonNode exp = root.get("experiment");
        Path experiment = null;
        ObjectNode inline = null;
        if (exp == null || exp.isNull()) {
            throw new UsageException(file + ": experiment: expected an experiment file or an inline mapping of experiment keys, found none");
        } else if (exp.isTextual()) {
            Path folder = file.toAbsolutePath().getParent();
            experiment = folder.resolve(exp.asText()).normalize();
            if (!Files.isRegularFile(experiment)) {
                throw new UsageException(file + ": experiment: expected an experiment file, found no file " + experiment);
            }
        } else if (exp.isObject()) {
            inline = (ObjectNode) exp;
        } else {
            throw new UsageException(file + ": experiment: expected a file name or a mapping, found " + kind(exp));
        }
        List<String> set = sets(file, "set", root.get("set"));
        List<Axis> axes = axes(file, "axes", root.get("axes"));
        if (axes == null) {
            axes = List.of();
        }
        List<Long> seeds = seeds(file, "seeds", root.get("seeds"));
        Map<String, Scale> scales = new java.util.LinkedHashMap<>();
        JsonNode sc = root.get("scales");
        if (sc != null && !sc.isNull()) {
            if (!sc.isObject()) {
                throw new UsageException(file + ": scales: expected a mapping of scale names (smoke, full ...), found " + kind(sc));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = sc.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "scales." + e.getKey();
                JsonNode s = e.getValue();
                if (!s.isObject()) {
                    throw new UsageException(file + ": " + key + ": expected a mapping with set, axes or seeds, found " + kind(s));
                }
                for (Iterator<String> f = s.fieldNames(); f.hasNext();) {
                    String k = f.next();
                    if (!SCALE_KEYS.contains(k)) {
                        throw new UsageException(file + ": unknown key '" + key + "." + k + "'; known keys: axes, seeds, set");
                    }
                }
                scales.put(e.getKey(), new Scale(sets(file, key + ".set", s.get("set")), axes(file, key + ".axes", s.get("axes")),
                        s.has("seeds") ? seeds(file, key + ".seeds", s.get("seeds")) : null));
            }
        }
        ObjectNode analysis = null;
        for (String k : List.of("claims", "plots")) {
            JsonNode n = root.get(k);
            if (n != null && !n.isNull()) {
                if (!n.isArray()) {
                    throw new UsageException(file + ": " + k + ": expected a list, found " + kind(n));
                }
                if (analysis == null) {
                    analysis = JsonNodeFactory.instance.objectNode();
                }
                analysis.set(k, n);
            }
        }
        return new SweepFile(file, experiment, inline, set, axes, seeds, scales, analysis);
    }

    private static List<String> sets(Path file, String key, JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new UsageException(file + ": " + key + ": expected a list of PATH=VALUE overrides, found " + kind(n));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : n) {
            if (!s.isTextual() || s.asText().indexOf('=') <= 0) {
                throw new UsageException(file + ": " + key + ": expected PATH=VALUE (e.g. epochs=5), found " + kind(s));
            }
            out.add(s.asText());
        }
        return out;
    }

    private static List<Long> seeds(Path file, String key, JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray() || n.isEmpty()) {
            throw new UsageException(file + ": " + key + ": expected a non-empty list of integer seeds, found " + kind(n));
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode s : n) {
            if (!s.canConvertToLong() || !s.isIntegralNumber()) {
                throw new UsageException(file + ": " + key + ": expected integer seeds, found " + kind(s));
            }
            if (out.contains(s.asLong())) {
                throw new UsageException(file + ": " + key + ": expected distinct seeds, found " + s.asLong() + " twice");
            }
            out.add(s.asLong());
        }
        return out;
    }

    private static List<Axis> axes(Path file, String key, JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new UsageException(file + ": " + key + ": expected a mapping of axis names to values, found " + kind(n));
        }
        List<Axis> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String where = key + "." + name;
            if (name.equals(Axis.SEED)) {
                throw new UsageException(file + ": " + where + ": seeds are their own key (seeds: [0, 1, 2]), not an axis");
            }
            JsonNode v = e.getValue();
            List<Axis.Value> values = new ArrayList<>();
            if (v.isArray()) {
                // A path axis: each value becomes PATH=VALUE, written back as YAML so lists and mappings survive.
                for (JsonNode x : v) {
                    String text = x.isValueNode() ? x.asText() : flow(x);
                    values.add(new Axis.Value(text, List.of(name + "=" + text)));
                }
            } else if (v.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> f = v.fields(); f.hasNext();) {
                    Map.Entry<String, JsonNode> lv = f.next();
                    values.add(new Axis.Value(lv.getKey(), sets(file, where + "." + lv.getKey(), lv.getValue())));
                }
            } else {
                throw new UsageException(file + ": " + where + ": expected a list of values or a mapping of labels to override lists, found " + kind(v));
            }
            if (values.isEmpty()) {
                throw new UsageException(file + ": " + where + ": expected at least one value, found none");
            }
            if (values.stream().map(Axis.Value::label).distinct().count() != values.size()) {
                throw new UsageException(file + ": " + where + ": expected distinct values, found a repeated one");
            }
            out.add(new Axis(name, values));
        }
        return out;
    }

    private static String flow(JsonNode x) {
        // JSON is YAML's flow form, which --set reads back as the same list or mapping.
        return x.toString();
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nothing";
        }
        if (n.isTextual()) {
            return "'" + n.asText() + "'";
        }
        return n.isValueNode() ? n.asText() : n.isArray() ? "a list" : "a mapping";
    }
}
