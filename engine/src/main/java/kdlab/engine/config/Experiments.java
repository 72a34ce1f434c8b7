package kdlab.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import kdlab.engine.UsageException;

/**
 * Reads experiments: a YAML or JSON file, then each {@code --set PATH=VALUE} in order, then Jackson's strict
 * conversion into {@link Experiment}. Every problem becomes one line that names the file, the dotted key, what
 * was expected and what was found; an unknown key lists the known ones.
 */
public final class Experiments {
    /** Strict JSON, pretty-printed: how a run's config.json is written and read. */
    public static final ObjectMapper JSON = strict(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);

    /** Strict YAML (which also reads JSON). */
    static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));

    private Experiments() {}

    private static ObjectMapper strict(ObjectMapper m) {
        return m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    /**
     * @param file an experiment file, YAML or JSON, or a run's config.json
     * @param sets {@code PATH=VALUE} overrides, applied in order
     * @return the experiment, defaults not yet filled
     * @throws UsageException on any problem, naming the file and key
     */
    public static Experiment read(Path file, List<String> sets) {
        JsonNode tree = readTree(file);
        if (LegacyRunConfig.isLegacy(tree)) {
            tree = JSON.valueToTree(LegacyRunConfig.read(file, tree).toExperiment());
        }
        return fromTree(file.toString(), tree, sets);
    }

    /**
     * Reads an experiment given as a tree, e.g. inline in a sweep file.
     *
     * @param source how messages name where the tree came from
     * @param tree the experiment's mapping; not changed
     * @param sets {@code PATH=VALUE} overrides, applied in order
     * @return the experiment, defaults not yet filled
     * @throws UsageException on any problem, naming the source and key
     */
    public static Experiment fromTree(String source, JsonNode tree, List<String> sets) {
        tree = tree.deepCopy();
        for (String set : sets) {
            Overrides.apply((ObjectNode) tree, set);
        }
        String named = source + (sets.isEmpty() ? "" : " with --set");
        Experiment e = convert(named, tree);
        checkSpecs(named, "", e);
        return e;
    }

    /**
     * Parses the specs an experiment holds as text once, where it enters, so that a bad one is reported
     * with the file and the key before anything is loaded.
     */
    private static void checkSpecs(String source, String prefix, Experiment e) {
        if (e.model() != null) {
            try {
                kdlab.models.ModelSpec.parse(e.model());
            } catch (kdlab.models.ModelSpecException ex) {
                throw new UsageException(source + ": " + prefix + "model: " + ex.getMessage(), ex);
            }
        }
        if (e.noise() != null) {
            try {
                kdlab.datasets.noise.Noise.parse(e.noise().spec());
            } catch (RuntimeException ex) {
                throw new UsageException(source + ": " + prefix + "noise: " + String.valueOf(ex.getMessage()).replaceFirst("^--noise ", ""), ex);
            }
        }
        if (e.teacher() != null && e.teacher().isInline()) {
            checkSpecs(source, prefix + "teacher.", e.teacher().inline());
        }
    }

    /**
     * Reads the config.json of a run, also one written before experiments were records.
     *
     * @param file the config.json
     * @return the experiment it holds
     */
    public static Experiment readRun(Path file) {
        return read(file, List.of());
    }

    private static JsonNode readTree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": expected an experiment file (YAML or JSON), found none");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UsageException(file + ": not valid YAML or JSON: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new UsageException(file + ": expected a mapping of experiment keys (data, model, epochs, ...), found " + Nodes.describe(tree));
        }
        return tree;
    }

    private static Experiment convert(String source, JsonNode tree) {
        try {
            return YAML.treeToValue(tree, Experiment.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = new ArrayList<>();
            e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            Collections.sort(known);
            throw new UsageException(source + ": unknown key '" + path(e) + "'; known keys" + (parentPath(e).isEmpty() ? "" : " of '" + parentPath(e) + "'")
                    + ": " + String.join(", ", known), e);
        } catch (InvalidFormatException e) {
            throw new UsageException(source + ": " + path(e) + ": expected " + expected(e.getTargetType()) + ", found '" + e.getValue() + "'", e);
        } catch (MismatchedInputException e) {
            String p = path(e);
            String message = e.getTargetType() != null && !e.getOriginalMessage().startsWith("expected")
                    ? "expected " + expected(e.getTargetType()) + ", found " + found(tree, e)
                    : firstLine(e.getOriginalMessage());
            throw new UsageException(source + ": " + (p.isEmpty() ? "" : p + ": ") + message, e);
        } catch (JsonMappingException e) {
            String p = path(e);
            Throwable cause = e.getCause();
            String message = cause instanceof IllegalArgumentException && cause.getMessage() != null ? cause.getMessage() : firstLine(e.getOriginalMessage());
            throw new UsageException(source + ": " + (p.isEmpty() ? "" : p + ": ") + message, e);
        } catch (JsonProcessingException e) {
            throw new UsageException(source + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String found(JsonNode tree, JsonMappingException e) {
        JsonNode n = tree;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (n == null) {
                break;
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : n.get(r.getIndex());
        }
        return Nodes.describe(n);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping (" + type.getSimpleName() + ")";
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String parentPath(JsonMappingException e) {
        String p = path(e);
        int dot = p.lastIndexOf('.');
        return dot < 0 ? "" : p.substring(0, dot);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        // Jackson appends a hint to Java names that means nothing to a user.
        int hint = line.indexOf(" (through reference chain");
        return hint < 0 ? line : line.substring(0, hint);
    }

    /**
     * The keys in which two experiments differ, for refusing a resume with another experiment.
     *
     * @param saved the experiment a run was started with
     * @param now the experiment given now
     * @return "key: saved -> now" entries, empty when they are the same
     */
    public static List<String> differences(Experiment saved, Experiment now) {
        List<String> diffs = new ArrayList<>();
        diff("", JSON.valueToTree(saved), JSON.valueToTree(now), diffs);
        return diffs;
    }

    private static void diff(String prefix, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diff(prefix.isEmpty() ? k : prefix + "." + k, a.get(k), b.get(k), out);
            }
        } else if (!Objects.equals(a, b)) {
            out.add(prefix + " " + (a == null ? "(none)" : a) + " -> " + (b == null ? "(none)" : b));
        }
    }

    /**
     * @param value an experiment
     * @return its JSON text, as config.json holds it
     */
    public static String toJson(Experiment value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an experiment as JSON", e);
        }
    }
}
