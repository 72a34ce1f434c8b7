package kdlab.engine.train;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import kdlab.datasets.Batch;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.LossBreakdown;
import kdlab.engine.objective.Objective;
import kdlab.engine.objective.StepProgress;
import kdlab.engine.objective.StepView;
import kdlab.engine.objective.View;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.models.tap.TappedBlock;

/**
 * One optimisation step: forward the views the objective reads, backward through the total, update the
 * trained parameters. No value is read from the device here.
 */
public final class TrainingStep {
    private final TappedBlock model;
    private final ParameterStore store;
    private final FrozenModel frozen;
    private final Objective objective;
    private final ParameterOptimizer optimizer;
    private final View scored;
    private final java.util.Map<String, ai.djl.nn.Block> parts;
    private final boolean trainsStudent;
    private final kdlab.engine.objective.TeacherCache teacherCache;

    /**
     * @param model the trained model
     * @param store its parameter store
     * @param frozen the teacher, or null
     * @param objective what is minimised; its terms' trainable parts are updated with the model
     * @param optimizer the update rule
     * @param scored the view whose output the accumulator scores
     */
    public TrainingStep(TappedBlock model, ParameterStore store, FrozenModel frozen, Objective objective, ParameterOptimizer optimizer, View scored) {
        this(model, store, frozen, objective, optimizer, scored, null);
    }

    /**
     * @param model the trained model
     * @param store its parameter store
     * @param frozen the teacher, or null
     * @param objective what is minimised; its terms' trainable parts are updated with the model
     * @param optimizer the update rule
     * @param scored the view whose output the accumulator scores
     * @param teacherCache the teacher's clean-view features of the training split, or null
     */
    public TrainingStep(TappedBlock model, ParameterStore store, FrozenModel frozen, Objective objective, ParameterOptimizer optimizer, View scored,
            kdlab.engine.objective.TeacherCache teacherCache) {
        this.teacherCache = teacherCache;
        this.parts = objective.trainedParts();
        this.trainsStudent = objective.trainsStudent();
        this.model = model;
        this.store = store;
        this.frozen = frozen;
        this.objective = objective;
        this.optimizer = optimizer;
        this.scored = scored;
    }

    /**
     * @param model the trained model
     * @param parts blocks trained with it (terms' connectors and heads), by "TERM/PART"
     * @return every trained parameter, the parts' under "part/TERM/PART/" so optimizer state keys stay unique
     */
    public static ai.djl.util.PairList<String, ai.djl.nn.Parameter> trainedParameters(TappedBlock model, java.util.Map<String, ai.djl.nn.Block> parts) {
        if (parts.isEmpty()) {
            return model.getParameters();
        }
        ai.djl.util.PairList<String, ai.djl.nn.Parameter> all = new ai.djl.util.PairList<>();
        model.getParameters().forEach(p -> all.add(p.getKey(), p.getValue()));
        partParameters(parts).forEach(p -> all.add(p.getKey(), p.getValue()));
        return all;
    }

    private static ai.djl.util.PairList<String, ai.djl.nn.Parameter> partParameters(java.util.Map<String, ai.djl.nn.Block> parts) {
        ai.djl.util.PairList<String, ai.djl.nn.Parameter> all = new ai.djl.util.PairList<>();
        new java.util.TreeMap<>(parts).forEach((part, block) ->
                block.getParameters().forEach(p -> all.add("part/" + part + "/" + p.getKey(), p.getValue())));
        return all;
    }

    /**
     * @param batch the batch; its arrays and the step's temporaries belong to its manager
     * @param learningRate this step's rate
     * @param accumulator receives the step's figures, or null
     * @return the loss breakdown, still on the device
     */
    public LossBreakdown run(Batch batch, float learningRate, MetricAccumulator accumulator) {
        return run(batch, learningRate, accumulator, new StepProgress(0, 0, 1, 1));
    }

    /**
     * @param batch the batch; its arrays and the step's temporaries belong to its manager
     * @param learningRate this step's rate
     * @param accumulator receives the step's figures, or null
     * @param progress where the step falls in the run (term weight schedules read it)
     * @return the loss breakdown, still on the device
     */
    public LossBreakdown run(Batch batch, float learningRate, MetricAccumulator accumulator, StepProgress progress) {
        LossBreakdown loss;
        StepView view;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            // A phase that trains only parts (FT's paraphraser) runs the student as RepDistiller does, in eval mode.
            view = new StepView(batch, model, store, frozen, trainsStudent, progress, teacherCache);
            loss = objective.compute(view);
            collector.backward(loss.total());
            if (accumulator != null) {
                accumulator.add(loss, view.features(scored).output(), batch.targets());
            }
        }
        optimizer.step(trainsStudent ? trainedParameters(model, parts) : partParameters(parts), learningRate);
        objective.afterStep(view);
        return loss;
    }
}
