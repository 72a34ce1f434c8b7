package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import kdlab.engine.UsageException;

/**
 * One claim of a sweep file's {@code claims:} list (copied into grid.json's {@code analysis.claims}), stated
 * before any run: what is compared, on which rows, and the decision rule.
 *
 * @param source where the claim was read, for messages (e.g. {@code runs/s/grid.json analysis.claims[0]})
 * @param id the claim's identifier
 * @param claim the claim in words
 * @param test the name of its test in {@link ClaimTests}
 * @param metric the results column compared
 * @param where the axis or column values the rows must have
 * @param minSeeds the fewest seeds (pairs, for a paired test) that may decide; default 3
 * @param sigmas how many standard errors the effect must clear; default 2
 * @param node the whole claim, for the keys of its test
 */
public record ClaimSpec(String source, String id, String claim, String test, String metric, RowFilter where, int minSeeds,
        double sigmas, JsonNode node) {
    /** The keys every claim may have; a test adds its own. */
    public static final Set<String> COMMON = Set.of("id", "claim", "test", "metric", "where", "rule");
    /** The keys of {@code rule}. */
    public static final Set<String> RULE = Set.of("min_seeds", "sigmas");
    /** Default of {@code rule.min_seeds}. */
    public static final int DEFAULT_MIN_SEEDS = 3;
    /** Default of {@code rule.sigmas}. */
    public static final double DEFAULT_SIGMAS = 2;

    /**
     * Reads a claim's common keys; the test's own keys are read by the test.
     *
     * @param node the claim
     * @param source where it was read
     * @return the claim
     * @throws UsageException naming the source and key when a key is missing or of the wrong kind
     */
    public static ClaimSpec parse(JsonNode node, String source) {
        if (node == null || !node.isObject()) {
            throw new UsageException(source + ": expected a claim mapping (id, claim, test, metric, ...), found " + kind(node));
        }
        String id = required(node, "id", source);
        String where = source + " (claim '" + id + "')";
        RowFilter filter = RowFilter.parse(node.get("where"), where);
        int minSeeds = DEFAULT_MIN_SEEDS;
        double sigmas = DEFAULT_SIGMAS;
        JsonNode rule = node.get("rule");
        if (rule != null && !rule.isNull()) {
            if (!rule.isObject()) {
                throw new UsageException(where + ": rule: expected a mapping with min_seeds and sigmas, found " + kind(rule));
            }
            unknownKeys(rule, RULE, where + ": rule");
            if (rule.has("min_seeds")) {
                if (!rule.get("min_seeds").canConvertToInt() || !rule.get("min_seeds").isIntegralNumber() || rule.get("min_seeds").asInt() < 1) {
                    throw new UsageException(where + ": rule.min_seeds: expected a whole number of at least 1, found " + rule.get("min_seeds"));
                }
                minSeeds = rule.get("min_seeds").asInt();
            }
            if (rule.has("sigmas")) {
                if (!rule.get("sigmas").isNumber() || rule.get("sigmas").asDouble() < 0) {
                    throw new UsageException(where + ": rule.sigmas: expected a number of at least 0, found " + rule.get("sigmas"));
                }
                sigmas = rule.get("sigmas").asDouble();
            }
        }
        return new ClaimSpec(where, id, required(node, "claim", where), required(node, "test", where), required(node, "metric", where),
                filter, minSeeds, sigmas, node);
    }

    /**
     * @param key a key of the claim's test
     * @return its text
     * @throws UsageException naming the claim and key when it is missing
     */
    public String text(String key) {
        return required(node, key, source);
    }

    /**
     * @param key a key of the claim's test
     * @return its text, or null when absent
     */
    public String optionalText(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * @param key a key of the claim's test
     * @return its number
     * @throws UsageException naming the claim and key when it is missing or not a number
     */
    public double number(String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isNumber()) {
            throw error(key + ": expected a number, found " + kind(v));
        }
        return v.asDouble();
    }

    /**
     * @param what what is wrong, with what was expected and found
     * @return an exception naming the claim
     */
    public UsageException error(String what) {
        return new UsageException(source + ": " + what);
    }

    /**
     * @param allowed the keys a claim of this test may have
     * @throws UsageException naming an unknown key and the known ones
     */
    void checkKeys(Set<String> allowed) {
        unknownKeys(node, allowed, source);
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String where) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            if (!allowed.contains(n)) {
                throw new UsageException(where + ": unknown key '" + n + "'; known keys: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private static String required(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new UsageException(where + ": " + key + ": expected a value, found " + kind(v));
        }
        return v.asText();
    }

    static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "none";
        }
        return v.isValueNode() ? "'" + v.asText() + "'" : "a " + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
