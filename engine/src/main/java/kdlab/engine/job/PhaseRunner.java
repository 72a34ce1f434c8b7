package kdlab.engine.job;

import ai.djl.nn.Block;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.run.Json;
import kdlab.engine.run.LoopState;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.train.LoopResult;
import kdlab.engine.train.ProgressBar;
import kdlab.engine.train.TrainingLoop;
import kdlab.models.Trainability;

/**
 * Runs a plan's training phases, in order, before its main training: each with its own loop, optimizer,
 * metrics and checkpoints under {@code RUN/phases/NAME/}, over the same model and term instances. On resume a
 * finished phase (its done.json) is skipped, an unfinished one continues from its last checkpoint, and the state
 * after the last finished phase is reloaded, since every phase checkpoint holds the model and all parts and term
 * state.
 */
final class PhaseRunner {
    private PhaseRunner() {}

    /**
     * @param plan the plan, with at least one phase
     * @param frozen the teacher, or null
     * @param run the main run
     * @param resume whether the run is being resumed (checkpoints in the phases' folders are read)
     * @param log where progress goes
     * @param label the run's name in the log
     */
    static void run(RunPlan plan, FrozenModel frozen, RunDirectory run, boolean resume, PrintStream log, String label) {
        Path finished = null;
        for (PhasePlan phase : plan.phases()) {
            RunDirectory dir = run.phase(phase.name());
            if (resume && Files.isRegularFile(dir.done())) {
                log.printf(Locale.ROOT, "[%s] phase %s already trained%n", label, phase.name());
                finished = dir.last();
                continue;
            }
            LoopState from = LoopState.initial();
            if (resume && Files.isRegularFile(dir.last())) {
                from = Checkpoint.load(dir.last(), plan.model(), plan.manager(), phase.optimizer(), phase.objective().parts(), phase.objective());
                log.printf(Locale.ROOT, "[%s] phase %s: resuming after %d steps (epoch %d, step %d of it)%n",
                        label, phase.name(), from.optimizerSteps(), from.epochsCompleted() + 1, from.stepInEpoch());
            } else if (resume && finished != null) {
                restore(finished, plan);
            }
            log.printf(Locale.ROOT, "[%s] phase %s: %d epochs of %s, training %s%n", label, phase.name(), phase.settings().epochs(),
                    String.join(" + ", phase.objective().termNames()), trained(phase));
            freezeWhatIsNotTrained(plan, phase.objective());
            LoopResult result;
            try {
                result = new TrainingLoop(plan.model(), plan.manager(), frozen, phase.objective(), phase.optimizer(), phase.schedule(), plan.train(),
                        plan.validation(), phase.settings(), dir, List.of(new ProgressBar(log, label + "/" + phase.name(), System.console() != null)))
                        .withTeacherCache(plan.runtime().teacherCache()).run(from);
            } finally {
                Trainability.train(plan.model());
                plan.objective().parts().values().forEach(Trainability::train);
            }
            try {
                Json.write(dir.done(), Map.of("phase", phase.name(), "epochs", result.state().epochsCompleted(),
                        "steps", result.state().optimizerSteps(), "train_seconds", result.trainSeconds()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + dir.done(), e);
            }
            finished = dir.last();
        }
        if (resume && finished != null) {
            // The main training starts from the state after the phases: on a resume it is on disk, not in memory.
            restore(finished, plan);
        }
    }

    private static void restore(Path checkpoint, RunPlan plan) {
        Checkpoint.load(checkpoint, plan.model(), plan.manager(), null, plan.objective().parts(), plan.objective());
    }

    private static String trained(PhasePlan phase) {
        String parts = String.join(", ", phase.objective().trainedParts().keySet());
        if (!phase.objective().trainsStudent()) {
            return parts;
        }
        return parts.isEmpty() ? "the student" : "the student and " + parts;
    }

    /**
     * Blocks an objective does not train get no gradient at all, so none accumulates for a later phase.
     *
     * @param plan the plan
     * @param objective a phase's objective, or the main one
     */
    static void freezeWhatIsNotTrained(RunPlan plan, kdlab.engine.objective.Objective objective) {
        if (!objective.trainsStudent()) {
            Trainability.freeze(plan.model());
        }
        Map<String, Block> trained = objective.trainedParts();
        plan.objective().parts().forEach((name, part) -> {
            if (!trained.containsKey(name)) {
                Trainability.freeze(part);
            }
        });
    }
}
