package kdlab.engine.job;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DataSource;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.LoadedData;
import kdlab.datasets.noise.Noise;
import kdlab.engine.config.Experiment;
import kdlab.engine.config.RuntimeSettings;
import kdlab.engine.objective.Objective;
import kdlab.engine.optim.LrSchedule;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.engine.train.LoopSettings;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;

/**
 * Everything one run needs, assembled and checked by {@link RunPlanner} without touching the file system:
 * the resolved experiment, the data on the device, the model, the teacher's block (its weights are loaded when
 * the plan is executed, after an inline teacher has been trained), the objective with its terms' parts, the
 * optimizer and the loop settings. Owns the native memory of all of it.
 *
 * @param experiment the resolved experiment, as config.json records it
 * @param runtime the runtime settings
 * @param device the device
 * @param determinism what the native stack guarantees on it, for the manifest
 * @param manager the run's long-lived manager
 * @param source the data source
 * @param data the loaded data
 * @param info what the data are
 * @param spec the model spec
 * @param model the model, initialised
 * @param teacher the teacher's block, initialised, or null
 * @param objective the objective
 * @param phases the training phases that run before the main training, in order (often none)
 * @param train the training split with its fit, augmentation and noise
 * @param validation the validation split
 * @param noise the noise, or null when the run has none
 * @param optimizer the optimizer
 * @param schedule the learning-rate schedule
 * @param settings the loop settings
 */
public record RunPlan(
        Experiment experiment,
        RuntimeSettings runtime,
        Device device,
        String determinism,
        NDManager manager,
        DataSource source,
        LoadedData data,
        DataInfo info,
        ModelSpec spec,
        TappedBlock model,
        TappedBlock teacher,
        Objective objective,
        java.util.List<PhasePlan> phases,
        DeviceDataset train,
        DeviceDataset validation,
        Noise noise,
        ParameterOptimizer optimizer,
        LrSchedule schedule,
        LoopSettings settings) implements AutoCloseable {

    /** Frees the plan's native memory. */
    @Override
    public void close() {
        manager.close();
    }
}
