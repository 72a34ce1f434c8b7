package kdlab.engine.study;

import java.util.function.Supplier;

/**
 * A shipped study: a sweep file in {@code studies/} (carried in kdlab's jar) with its claims and plots, and,
 * where a generic report cannot do it, an analysis of its own.
 *
 * @param name the study's name, {@code kdlab study NAME}
 * @param paper what it reproduces
 * @param analysis its own analysis, or null when the sweep file's claims and plots are all of it
 */
public record Study(String name, String paper, Supplier<StudyAnalysis> analysis) {
    /** @return the classpath resource holding the sweep file */
    public String resource() {
        return "/studies/" + name + ".yaml";
    }
}
