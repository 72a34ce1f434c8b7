package kdlab.engine.objective;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import kdlab.models.ModelSpecException;
import kdlab.models.adapt.ConnectorKind;

/** Reads a term's {@code connector} setting and builds connectors, with errors that name the term's key. */
final class Connectors {
    private Connectors() {}

    /**
     * @param context the term's context
     * @param text none, linear or conv
     * @param noneAllowed whether "none" is a valid choice for this term
     * @return the kind, or null for none
     */
    static ConnectorKind kind(TermContext context, String text, boolean noneAllowed) {
        if (noneAllowed && "none".equalsIgnoreCase(text.trim())) {
            return null;
        }
        try {
            return ConnectorKind.parse(text);
        } catch (ModelSpecException e) {
            throw context.error("connector", "expected " + (noneAllowed ? "none, " : "") + "linear or conv, found '" + text + "'");
        }
    }

    /**
     * @param context the term's context
     * @param kind the connector kind
     * @param tap the student tap it reads
     * @param student the student tap's shape
     * @param teacher the teacher tap's shape
     * @return the uninitialised connector
     */
    static Block build(TermContext context, ConnectorKind kind, String tap, Shape student, Shape teacher) {
        try {
            return kind.build(tap, student, teacher);
        } catch (ModelSpecException e) {
            throw context.error("connector", e.getMessage());
        }
    }
}
