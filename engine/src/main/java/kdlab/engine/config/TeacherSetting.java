package kdlab.engine.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * An experiment's teacher: either the directory of a finished teacher run ({@code teacher: runs/t}) or an
 * inline teacher experiment ({@code teacher: {model: ..., epochs: ..., train_size: ...}}) that
 * {@code kdlab train} first trains into {@code RUN/teacher}, so that one file reproduces a whole
 * distillation. An inline teacher has no teacher of its own and uses the experiment's data and seed unless it
 * names its own.
 *
 * @param run the teacher run's directory, or null
 * @param inline the inline teacher experiment, or null
 */
@JsonDeserialize(using = TeacherSetting.Reader.class)
public record TeacherSetting(String run, Experiment inline) {
    /** Exactly one of the two. */
    public TeacherSetting {
        if ((run == null) == (inline == null)) {
            throw new IllegalArgumentException("a teacher is either a run directory or an inline experiment");
        }
    }

    /** @return the form an experiment file writes: the path, or the inline experiment */
    @JsonValue
    public Object json() {
        return run != null ? run : inline;
    }

    /** @return whether the teacher is trained as part of the experiment */
    public boolean isInline() {
        return inline != null;
    }

    /** Reads a path or a mapping. */
    static final class Reader extends JsonDeserializer<TeacherSetting> {
        @Override
        public TeacherSetting deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            if (node.isTextual()) {
                if (node.asText().isBlank()) {
                    throw JsonMappingException.from(p, "expected a teacher run directory or an inline teacher experiment, found ''");
                }
                return new TeacherSetting(node.asText(), null);
            }
            if (node.isObject()) {
                Experiment inline = ctxt.readTreeAsValue(node, Experiment.class);
                if (inline.teacher() != null) {
                    throw JsonMappingException.wrapWithPath(
                            JsonMappingException.from(p, "an inline teacher cannot have a teacher of its own; train that one first and give its run directory"),
                            node, "teacher");
                }
                return new TeacherSetting(null, inline);
            }
            throw JsonMappingException.from(p, "expected a teacher run directory or an inline teacher experiment (a mapping), found " + Nodes.describe(node));
        }
    }
}
