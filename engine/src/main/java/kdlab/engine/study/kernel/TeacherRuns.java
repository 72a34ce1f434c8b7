package kdlab.engine.study.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.job.RunJob;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.sweep.Grid;

/**
 * Finds the finished teacher run whose weights a student run used: a teacher named by directory
 * ({@code teacher.run}), an inline teacher trained inside the run ({@code RUN/teacher}, as {@code kdlab train}
 * does), or an inline teacher a sweep trained once for all its cells ({@code SWEEP/teachers/HASH}, docs/sweeps.md),
 * recognised by its resolved experiment.
 */
public final class TeacherRuns {
    private TeacherRuns() {}

    /**
     * @param run the student's run directory
     * @param sweep the sweep directory it belongs to, or null
     * @param student the student's resolved experiment (its config.json)
     * @return the teacher's run directory
     * @throws UsageException naming the run when no finished teacher is found
     */
    public static RunDirectory locate(Path run, Path sweep, Experiment student) {
        if (student.teacher() == null) {
            throw new UsageException(run.resolve(RunDirectory.CONFIG) + ": the run has no teacher; the kernel-pi analysis needs one");
        }
        if (!student.teacher().isInline()) {
            return RunDirectory.open(Path.of(student.teacher().run()));
        }
        Path inside = run.resolve(RunJob.TEACHER_DIR);
        if (Files.isRegularFile(inside.resolve(RunDirectory.SUMMARY))) {
            return RunDirectory.open(inside);
        }
        Experiment wanted = student.teacher().inline();
        if (sweep != null && Files.isDirectory(sweep.resolve(Grid.TEACHERS))) {
            try (Stream<Path> dirs = Files.list(sweep.resolve(Grid.TEACHERS))) {
                for (Path d : dirs.sorted().toList()) {
                    if (Files.isRegularFile(d.resolve(RunDirectory.SUMMARY))) {
                        RunDirectory candidate = RunDirectory.open(d);
                        if (Experiments.differences(candidate.readConfig(), wanted).isEmpty()) {
                            return candidate;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UsageException(sweep.resolve(Grid.TEACHERS) + ": cannot list the sweep's teachers: " + e.getMessage());
            }
        }
        throw new UsageException(run + ": no finished teacher found in " + List.of(inside, sweep == null ? "(no sweep)" : sweep.resolve(Grid.TEACHERS))
                + " with the run's teacher experiment; the teacher must be finished before the analysis");
    }
}
