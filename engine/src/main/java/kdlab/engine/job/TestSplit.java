package kdlab.engine.job;

import kdlab.datasets.DeviceDataset;
import kdlab.datasets.LoadedData;
import kdlab.engine.UsageException;
import kdlab.engine.config.Experiment;

/**
 * The test examples a run is scored on: the whole test split, or its first {@code test_size} examples. Every
 * scorer of a run (its summary, {@code kdlab evaluate}, a study's analysis) takes them from here, so they agree.
 */
public final class TestSplit {
    private TestSplit() {}

    /**
     * @param data the loaded data
     * @param experiment the run's experiment
     * @return the examples to score
     * @throws UsageException when test_size asks for more examples than the test split has
     */
    public static DeviceDataset of(LoadedData data, Experiment experiment) {
        DeviceDataset all = DeviceDataset.of(data.test());
        Integer n = experiment.testSize();
        if (n == null || n == 0) {
            return all;
        }
        if (n < 0 || n > all.size()) {
            throw new UsageException("test_size: expected 0 (all) up to " + all.size() + " (the test split), found " + n);
        }
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = i;
        }
        return all.subset(first);
    }
}
