package kdlab.engine.train;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import kdlab.datasets.Batch;
import kdlab.engine.objective.FrozenModel;
import kdlab.engine.objective.LossBreakdown;
import kdlab.engine.objective.Objective;
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
    private final java.util.Map<String, ai.djl.nn.Block> connectors;

    /**
     * @param model the trained model
     * @param store its parameter store
     * @param frozen the teacher, or null
     * @param objective what is minimised
     * @param optimizer the update rule
     * @param scored the view whose output the accumulator scores
     */
    public TrainingStep(TappedBlock model, ParameterStore store, FrozenModel frozen, Objective objective, ParameterOptimizer optimizer, View scored) {
        this(model, store, frozen, objective, optimizer, scored, java.util.Map.of());
    }

    /**
     * @param model the trained model
     * @param store its parameter store
     * @param frozen the teacher, or null
     * @param objective what is minimised
     * @param optimizer the update rule
     * @param scored the view whose output the accumulator scores
     * @param connectors blocks trained with the model, by tap name
     */
    public TrainingStep(TappedBlock model, ParameterStore store, FrozenModel frozen, Objective objective, ParameterOptimizer optimizer, View scored,
            java.util.Map<String, ai.djl.nn.Block> connectors) {
        this.connectors = java.util.Map.copyOf(connectors);
        this.model = model;
        this.store = store;
        this.frozen = frozen;
        this.objective = objective;
        this.optimizer = optimizer;
        this.scored = scored;
    }

    /**
     * @param model the trained model
     * @param connectors blocks trained with it
     * @return every trained parameter, connectors' under "connector/TAP/" so optimizer state keys stay unique
     */
    public static ai.djl.util.PairList<String, ai.djl.nn.Parameter> trainedParameters(TappedBlock model, java.util.Map<String, ai.djl.nn.Block> connectors) {
        if (connectors.isEmpty()) {
            return model.getParameters();
        }
        ai.djl.util.PairList<String, ai.djl.nn.Parameter> all = new ai.djl.util.PairList<>();
        model.getParameters().forEach(p -> all.add(p.getKey(), p.getValue()));
        new java.util.TreeMap<>(connectors).forEach((tap, block) ->
                block.getParameters().forEach(p -> all.add("connector/" + tap + "/" + p.getKey(), p.getValue())));
        return all;
    }

    /**
     * @param batch the batch; its arrays and the step's temporaries belong to its manager
     * @param learningRate this step's rate
     * @param accumulator receives the step's figures, or null
     * @return the loss breakdown, still on the device
     */
    public LossBreakdown run(Batch batch, float learningRate, MetricAccumulator accumulator) {
        LossBreakdown loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            StepView view = new StepView(batch, model, store, frozen, true);
            loss = objective.compute(view);
            collector.backward(loss.total());
            if (accumulator != null) {
                accumulator.add(loss, view.features(scored).output(), batch.targets());
            }
        }
        optimizer.step(trainedParameters(model, connectors), learningRate);
        return loss;
    }
}
