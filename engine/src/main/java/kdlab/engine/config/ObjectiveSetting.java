package kdlab.engine.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kdlab.engine.objective.TermRegistry;
import kdlab.engine.objective.TermSpec;
import kdlab.engine.objective.WeightSchedule;

/**
 * An experiment's objective: named, weighted terms in order. Read and written as a mapping from name to
 * settings; the type of each entry is looked up in {@link TermRegistry}, the only place that knows the types.
 *
 * @param terms the terms, in reporting order
 */
@JsonDeserialize(using = ObjectiveSetting.Reader.class)
@JsonSerialize(using = ObjectiveSetting.Writer.class)
public record ObjectiveSetting(List<TermSetting> terms) {
    /** Copies. */
    public ObjectiveSetting {
        terms = List.copyOf(terms);
    }

    /** Reads the mapping, type by type through the registry; errors carry the key path. */
    static final class Reader extends JsonDeserializer<ObjectiveSetting> {
        @Override
        public ObjectiveSetting deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            if (!tree.isObject()) {
                throw JsonMappingException.from(p, "expected a mapping of term names to settings, e.g. {ce: {weight: 1}}, found " + Nodes.describe(tree));
            }
            List<TermSetting> terms = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) tree::fields) {
                try {
                    terms.add(read(p, ctxt, e.getKey(), e.getValue()));
                } catch (JsonMappingException ex) {
                    throw JsonMappingException.wrapWithPath(ex, tree, e.getKey());
                }
            }
            if (terms.isEmpty()) {
                throw JsonMappingException.from(p, "expected at least one term, found none");
            }
            return new ObjectiveSetting(terms);
        }

        private static TermSetting read(JsonParser p, DeserializationContext ctxt, String name, JsonNode value) throws IOException {
            ObjectNode node;
            if (value.isNumber()) {
                // `ce: 0.1` is short for `ce: {weight: 0.1}`.
                node = ctxt.getNodeFactory().objectNode().put("weight", value.asDouble());
            } else if (value.isObject()) {
                node = ((ObjectNode) value).deepCopy();
            } else if (value.isNull()) {
                node = ctxt.getNodeFactory().objectNode();
            } else {
                throw JsonMappingException.from(p, "expected the term's settings (a mapping) or its weight, found " + Nodes.describe(value));
            }
            String type = name;
            JsonNode t = node.remove("type");
            if (t != null) {
                if (!t.isTextual()) {
                    throw JsonMappingException.wrapWithPath(JsonMappingException.from(p, "expected a term type, one of " + TermRegistry.types()
                            + ", found " + Nodes.describe(t)), node, "type");
                }
                type = t.asText();
            }
            Class<? extends TermSpec> specClass = TermRegistry.spec(type);
            if (specClass == null) {
                JsonMappingException unknown = JsonMappingException.from(p, "unknown term type '" + type + "'; known types: "
                        + String.join(", ", TermRegistry.types()));
                throw t == null ? unknown : JsonMappingException.wrapWithPath(unknown, node, "type");
            }
            double weight = 1.0;
            JsonNode w = node.remove("weight");
            if (w != null) {
                if (!w.isNumber() || !Double.isFinite(w.asDouble()) || w.asDouble() < 0) {
                    throw JsonMappingException.wrapWithPath(JsonMappingException.from(p, "expected a number >= 0, found " + Nodes.describe(w)), node, "weight");
                }
                weight = w.asDouble();
            }
            WeightSchedule schedule = WeightSchedule.CONSTANT;
            JsonNode s = node.remove("schedule");
            if (s != null && !s.isNull()) {
                try {
                    schedule = WeightSchedule.parse(s.isTextual() ? s.asText() : s.toString());
                } catch (IllegalArgumentException ex) {
                    throw JsonMappingException.wrapWithPath(JsonMappingException.from(p, ex.getMessage()), node, "schedule");
                }
            }
            TermSpec spec = ctxt.readTreeAsValue(node, specClass);
            return new TermSetting(name, type, weight, schedule, spec);
        }
    }

    /** Writes the mapping back in the form {@link Reader} reads, every setting explicit. */
    static final class Writer extends JsonSerializer<ObjectiveSetting> {
        @Override
        public void serialize(ObjectiveSetting value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            for (TermSetting t : value.terms()) {
                gen.writeFieldName(t.name());
                gen.writeStartObject();
                gen.writeStringField("type", t.type());
                gen.writeNumberField("weight", t.weight());
                gen.writeStringField("schedule", t.schedule().spec());
                JsonNode own = Experiments.JSON.valueToTree(t.spec());
                for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) own::fields) {
                    if (!f.getValue().isNull()) {
                        gen.writeFieldName(f.getKey());
                        gen.writeTree(f.getValue());
                    }
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
    }
}
