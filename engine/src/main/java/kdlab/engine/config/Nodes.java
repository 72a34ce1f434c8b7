package kdlab.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

/** How error messages show a value found in an experiment file. */
final class Nodes {
    private Nodes() {}

    /**
     * @param node a value
     * @return e.g. "'ten'", "a mapping", "a list", "nothing"
     */
    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asText() + "'";
    }
}
