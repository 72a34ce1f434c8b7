package kdlab.engine.study;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.engine.UsageException;
import kdlab.engine.run.AtomicFiles;

/**
 * Puts a study's sweep file into its output directory ({@code DIR/study.yaml}), the record of what ran; a
 * directory holding another version of the file is refused rather than mixed.
 */
public final class StudyFiles {
    /** The sweep file's name inside a study's directory. */
    public static final String FILE = "study.yaml";

    private StudyFiles() {}

    /**
     * @param study the study
     * @param dir its output directory
     * @return the written (or identical, already present) sweep file
     */
    public static Path place(Study study, Path dir) {
        String text;
        try (InputStream in = Studies.class.getResourceAsStream(study.resource())) {
            if (in == null) {
                throw new IllegalStateException("the study file " + study.resource() + " is missing from kdlab's jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + study.resource() + " from kdlab's jar", e);
        }
        Path file = dir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                if (!Files.readString(file).equals(text)) {
                    throw new UsageException("--out " + dir + ": " + FILE + " there is another version of the study " + study.name()
                            + " than this kdlab ships; choose another --out");
                }
                return file;
            }
            Files.createDirectories(dir);
            AtomicFiles.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UsageException("--out " + dir + ": cannot write " + FILE + " (" + e.getMessage() + ")", e);
        }
    }
}
