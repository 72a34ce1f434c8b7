package kdlab.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import kdlab.engine.UsageException;

/**
 * {@code --set PATH=VALUE}: PATH is dotted ({@code objective.kd.weight}, {@code teacher.epochs}); VALUE is read
 * as a YAML scalar or flow value, so {@code 3} is a number, {@code true} a boolean, {@code [a, b]} a list and
 * {@code gaussian:1.0} a string. Missing mappings on the way are created.
 */
final class Overrides {
    private Overrides() {}

    /**
     * @param root the experiment tree
     * @param set one PATH=VALUE
     */
    static void apply(ObjectNode root, String set) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("--set " + set + ": expected PATH=VALUE, e.g. --set objective.kd.weight=0.9");
        }
        String path = set.substring(0, eq).trim();
        String text = set.substring(eq + 1);
        String[] keys = path.split("\\.", -1);
        ObjectNode node = root;
        StringBuilder walked = new StringBuilder();
        for (int i = 0; i < keys.length - 1; i++) {
            String k = keys[i];
            if (k.isEmpty()) {
                throw new UsageException("--set " + set + ": expected a dotted path of keys, found an empty key");
            }
            walked.append(walked.length() == 0 ? "" : ".").append(k);
            JsonNode child = node.get(k);
            if (child == null || child.isNull()) {
                node = node.putObject(k);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else if (shorthandKey(walked.toString()) != null && child.isValueNode()) {
                // The short form of a value that also has a long one: noise: SPEC is {spec: SPEC}, a term's
                // bare number is {weight: W}. Expanding it lets --set reach the other keys.
                ObjectNode expanded = node.putObject(k);
                expanded.set(shorthandKey(walked.toString()), child);
                node = expanded;
            } else {
                throw new UsageException("--set " + set + ": '" + walked + "' is " + Nodes.describe(child) + ", not a mapping with keys"
                        + ("teacher".equals(walked.toString()) ? " (a teacher run directory; an inline teacher is a mapping)" : ""));
            }
        }
        String last = keys[keys.length - 1];
        if (last.isEmpty()) {
            throw new UsageException("--set " + set + ": expected a dotted path of keys, found an empty key");
        }
        node.set(last, value(set, text));
    }

    /**
     * @param path a dotted path
     * @return the key a scalar at that path stands for in its long form, or null when it has none
     */
    private static String shorthandKey(String path) {
        String local = path.startsWith("teacher.") ? path.substring("teacher.".length()) : path;
        if (local.equals("noise")) {
            return "spec";
        }
        if (local.startsWith("objective.") && local.indexOf('.', "objective.".length()) < 0) {
            return "weight";
        }
        return null;
    }

    private static JsonNode value(String set, String text) {
        if (text.isEmpty()) {
            return TextNode.valueOf("");
        }
        try {
            JsonNode v = Experiments.YAML.readTree(text);
            return v == null ? TextNode.valueOf(text) : v;
        } catch (JsonProcessingException e) {
            // Not YAML (e.g. an unbalanced bracket): take the text as it is.
            return TextNode.valueOf(text);
        }
    }
}
