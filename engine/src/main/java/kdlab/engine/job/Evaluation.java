package kdlab.engine.job;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import kdlab.datasets.DataSource;
import kdlab.datasets.DataSources;
import kdlab.datasets.DeviceDataset;
import kdlab.datasets.LoadedData;
import kdlab.datasets.noise.Noise;
import kdlab.engine.DeviceOption;
import kdlab.engine.run.Checkpoint;
import kdlab.engine.config.Experiment;
import kdlab.engine.run.RunDirectory;
import kdlab.engine.train.SplitMetrics;
import kdlab.models.ModelSpec;
import kdlab.models.tap.TappedBlock;

/** Scores a finished run's kept weights on a test split, clean and optionally noisy. Writes nothing. */
public final class Evaluation {
    /**
     * What an evaluation measured.
     *
     * @param clean metrics on clean test inputs
     * @param noisy metrics on noisy test inputs, or null when no noise was asked for
     * @param noise the noise spec used
     * @param checkpoint the checkpoint file scored
     */
    public record Result(SplitMetrics clean, SplitMetrics noisy, String noise, Path checkpoint) {}

    private Evaluation() {}

    /**
     * @param runDir a finished run
     * @param data data spec, or null for the run's own
     * @param noise noise spec, or null for none
     * @param deviceSpec the --device flag
     * @param seed seeds the noisy test draw; null for the run's own seed, which reproduces the noisy test
     *     figure of its summary.json
     * @return the scores
     */
    public static Result evaluate(Path runDir, String data, String noise, String deviceSpec, Long seed) {
        RunDirectory run = RunDirectory.open(runDir);
        Experiment config = run.readConfig();
        Device device = DeviceOption.resolve(deviceSpec);
        DataSource source = DataSources.parse(data == null ? config.data() : data);
        Noise parsedNoise = noise == null ? null : Noise.parse(noise);
        ModelSpec spec = ModelSpec.parse(config.model());
        Path checkpoint = run.keptWeights();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            LoadedData loaded = source.load(manager);
            boolean classification = loaded.info().classification();
            TappedBlock model = spec.build(loaded.info().outputs(), true);
            model.initialize(manager, DataType.FLOAT32, NetworkInputs.shapeFor(spec, loaded.info(), new Shape(1).addAll(loaded.info().exampleShape())));
            Checkpoint.load(checkpoint, model, manager, null);
            DeviceDataset test = NetworkInputs.prepare(TestSplit.of(loaded, config), spec, loaded.info(), config.augment(), false);
            TestScoring.Scores scores = TestScoring.score(model, test, parsedNoise, seed == null ? config.seed() : seed, RunPlanner.scoringBatch(config), classification, manager);
            SplitMetrics cleanMetrics = scores.clean();
            SplitMetrics noisyMetrics = scores.noisy();
            return new Result(cleanMetrics, noisyMetrics, parsedNoise == null ? null : parsedNoise.spec(), checkpoint);
        }
    }
}
