package kdlab.engine.sweep;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.Experiments;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.config.TeacherSetting;
import kdlab.engine.job.RunJob;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.run.RunLock;

/**
 * The inline teachers of a sweep, each trained once into {@code DIR/teachers/NAME} (NAME from the teacher's
 * whole experiment) and shared by every cell that names the same one: a grid over the student's settings
 * would otherwise train the same teacher once per cell. A teacher another process is training is waited for.
 */
final class TeacherPool {
    private static final long POLL_MS = 2000;

    private final Path sweepDir;
    private final RuntimeSettings runtime;
    private final PrintStream log;

    TeacherPool(Path sweepDir, RuntimeSettings runtime, PrintStream log) {
        this.sweepDir = sweepDir;
        this.runtime = runtime;
        this.log = log;
    }

    /**
     * @param experiment a cell's experiment
     * @return the same experiment with an inline teacher replaced by its trained run directory
     * @throws InterruptedException when interrupted while waiting for another process's teacher
     */
    Experiment resolve(Experiment experiment) throws InterruptedException {
        if (experiment.teacher() == null || !experiment.teacher().isInline()) {
            return experiment;
        }
        Experiment teacher = RunJob.standaloneTeacher(experiment);
        String json = Experiments.toJson(teacher);
        Path dir = sweepDir.toAbsolutePath().resolve(Grid.TEACHERS).resolve(teacher.model().replaceAll("[^A-Za-z0-9._+-]", "_") + "-" + CellNames.hash(json));
        boolean waited = false;
        while (!Files.isRegularFile(dir.resolve(RunDirectory.SUMMARY))) {
            RunLock lock = RunLock.tryAcquire(dir, log);
            if (lock == null) {
                if (!waited) {
                    log.printf(Locale.ROOT, "[sweep] waiting for the teacher in %s, trained by PID %s%n", dir, RunLock.owner(dir));
                    waited = true;
                }
                Thread.sleep(POLL_MS);
                continue;
            }
            try (lock) {
                if (!Files.isRegularFile(dir.resolve(RunDirectory.SUMMARY))) {
                    RunJob.trainHeld(teacher, runtime, dir, lock, log);
                }
            }
        }
        return new Experiment(experiment.data(), experiment.model(), experiment.epochs(), experiment.seed(), experiment.trainSize(),
                experiment.validationSize(), experiment.testSize(), experiment.noise(), experiment.augment(), new TeacherSetting(dir.toString(), null), experiment.objective(),
                experiment.phases(), experiment.optimizer(), experiment.schedule(), experiment.loop());
    }
}
