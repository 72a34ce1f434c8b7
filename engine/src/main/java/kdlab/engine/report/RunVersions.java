package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versions and machine a run's manifest.json records, the part of it a report lists so a reader can tell
 * whether its runs came from the same code.
 *
 * @param values by label ("kdlab version", "git commit", ...), "" when the manifest lacks one
 */
public record RunVersions(Map<String, String> values) {
    /** The labels in report order, with the manifest keys that may hold each (kdlab writes camelCase). */
    static final Map<String, java.util.List<String>> KEYS = labels();

    /** Defensive copy. */
    public RunVersions {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    private static Map<String, java.util.List<String>> labels() {
        Map<String, java.util.List<String>> m = new LinkedHashMap<>();
        m.put("kdlab version", java.util.List.of("version"));
        m.put("git commit", java.util.List.of("gitCommit", "git_commit"));
        m.put("DJL", java.util.List.of("djlVersion", "djl_version"));
        m.put("PyTorch", java.util.List.of("pytorchVersion", "pytorch_version"));
        m.put("native build", java.util.List.of("nativeBuild", "native_build"));
        m.put("device", java.util.List.of("device"));
        m.put("threads", java.util.List.of("threads"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * @param manifest a manifest.json as a tree
     * @return its versions
     */
    public static RunVersions of(JsonNode manifest) {
        Map<String, String> v = new LinkedHashMap<>();
        KEYS.forEach((label, keys) -> v.put(label, keys.stream().map(manifest::get).filter(n -> n != null && !n.isNull())
                .map(JsonNode::asText).findFirst().orElse("")));
        return new RunVersions(v);
    }
}
