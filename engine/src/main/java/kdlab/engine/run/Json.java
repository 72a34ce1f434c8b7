package kdlab.engine.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.engine.UsageException;

/** The project's one Jackson mapper: pretty output, unknown keys rejected. */
public final class Json {
    /** The shared mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {}

    /**
     * @param file where to write, atomically
     * @param value the value
     * @throws IOException on a write failure
     */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> MAPPER.writeValue(new NonClosing(out), value));
    }

    /**
     * @param file a JSON file
     * @param type the record type
     * @param <T> the type
     * @return the value
     * @throws UsageException naming the file when it is missing or malformed
     */
    public static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": expected a " + type.getSimpleName() + " JSON file, found none");
        }
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            java.util.List<String> known = new java.util.ArrayList<>();
            e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            java.util.Collections.sort(known);
            throw new UsageException(file + ": unknown key '" + e.getPropertyName() + "'; known keys: " + String.join(", ", known), e);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new UsageException(file + ": not a valid " + type.getSimpleName() + ": " + msg, e);
        }
    }

    /** Jackson closes the stream it writes to; the atomic writer owns it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
