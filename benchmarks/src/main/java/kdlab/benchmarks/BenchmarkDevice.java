package kdlab.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import kdlab.engine.DeviceOption;

/** The start every kernel benchmark shares: no network, the {@code --device} flag's device, a fixed seed. */
final class BenchmarkDevice {
    private BenchmarkDevice() {}

    /**
     * @param device the {@code --device} flag's value
     * @return a base manager on that device, with libtorch's generator seeded to 0
     */
    static NDManager open(String device) {
        System.setProperty("ai.djl.offline", "true");
        NDManager manager = NDManager.newBaseManager(DeviceOption.resolve(device));
        Engine.getInstance().setRandomSeed(0);
        return manager;
    }
}
