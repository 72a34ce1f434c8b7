package kdlab.engine.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kdlab.engine.config.Experiments;
import kdlab.engine.sweep.Grid;
import kdlab.engine.sweep.GridBuilder;
import kdlab.engine.sweep.SweepCell;
import kdlab.engine.sweep.SweepFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped study, as {@code kdlab study} uses it: the copy carried on the class path placed in a directory of
 * its own, its smoke and full grids built, and every cell's experiment read with its overrides.
 */
class StudiesTest {
    @TempDir
    Path dir;

    @Test
    void everyStudyInStudiesIsRegisteredAndEveryRegisteredStudyBuildsBothScalesFromItsPlacedCopy() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(Path.of("..", "studies"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).map(n -> n.replace(".yaml", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(Studies.all().keySet()), "studies/ and the registry");
        for (Study study : Studies.all().values()) {
            Path placed = StudyFiles.place(study, dir.resolve(study.name()));
            SweepFile sweep = SweepFile.read(placed);
            assertTrue(sweep.experiment() == null, study.name() + ": the experiment must be inline, the placed copy has no files beside it");
            for (String scale : List.of("smoke", "full")) {
                Grid grid = GridBuilder.build(sweep, scale, placed.resolveSibling("experiment.yaml"), List.of());
                assertTrue(grid.cells().size() >= 3, study.name() + " " + scale);
                for (SweepCell cell : grid.cells()) {
                    Experiments.fromTree(study.name() + " " + scale + " " + cell.name(), sweep.inlineExperiment(), cell.sets());
                }
            }
        }
    }
}
