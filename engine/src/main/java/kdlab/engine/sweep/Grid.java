package kdlab.engine.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import kdlab.engine.run.Json;

/**
 * A sweep's resolved grid, {@code DIR/grid.json}: written before any cell runs, so that every process on the
 * sweep, on any machine, works from the same list, and a report knows each cell's axis values.
 *
 * @param sweep the sweep file as given
 * @param scale the scale chosen, or null
 * @param axes the axis names in grid order, {@code seed} last
 * @param cells every cell, by index
 * @param analysis the sweep file's {@code claims} and {@code plots} as written there (null when it has none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Grid(
        @JsonProperty("sweep") String sweep,
        @JsonProperty("scale") String scale,
        @JsonProperty("axes") List<String> axes,
        @JsonProperty("cells") List<SweepCell> cells,
        @JsonProperty("analysis") JsonNode analysis) {
    /** The grid's file name inside a sweep directory. */
    public static final String FILE = "grid.json";
    /** Where the cells' run directories are. */
    public static final String CELLS = "cells";
    /** Where inline teachers shared by cells are trained. */
    public static final String TEACHERS = "teachers";
    /** Where failed cells leave their error line. */
    public static final String FAILED = "failed";

    /** Defensive copies. */
    public Grid {
        axes = List.copyOf(axes);
        cells = List.copyOf(cells);
    }

    /**
     * @param dir a sweep directory
     * @return whether it holds a grid
     */
    public static boolean isSweep(Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * @param dir a sweep directory
     * @return its grid
     * @throws kdlab.engine.UsageException naming the file when it is missing or malformed
     */
    public static Grid read(Path dir) {
        return Json.read(dir.resolve(FILE), Grid.class);
    }

    /**
     * @param dir a sweep directory
     * @throws IOException when it cannot be written
     */
    public void write(Path dir) throws IOException {
        Json.write(dir.resolve(FILE), this);
    }

    /**
     * @param dir the sweep directory
     * @param cell one of its cells
     * @return the cell's run directory
     */
    public static Path runOf(Path dir, SweepCell cell) {
        return dir.resolve(CELLS).resolve(cell.name());
    }
}
