package kdlab.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Resolves the {@code --device} flag ({@code auto|cpu|gpu|gpu:N}) to a DJL {@link Device}. {@code auto}
 * takes GPU 0 when libtorch sees one; asking for a GPU that is not visible is a usage error rather than a
 * silent fall-back to the CPU, because a user who asked for the GPU is timing or sizing for it.
 */
public final class DeviceOption {
    private DeviceOption() {}

    /**
     * @param spec the flag value; null means {@code auto}
     * @return the device to train on
     * @throws UsageException for a malformed spec or a GPU that is not visible
     */
    public static Device resolve(String spec) {
        return resolve(spec, Engine.getInstance().getGpuCount());
    }

    /**
     * The resolution rule with the visible GPU count given, so that it can be tested on a CPU machine.
     *
     * @param spec the flag value; null means {@code auto}
     * @param gpuCount how many GPUs libtorch sees
     * @return the device to train on
     */
    public static Device resolve(String spec, int gpuCount) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu") || s.startsWith("gpu:")) {
            int id = 0;
            if (s.startsWith("gpu:")) {
                try {
                    id = Integer.parseInt(s.substring(4));
                } catch (NumberFormatException e) {
                    throw new UsageException(
                            "--device: expected auto, cpu, gpu or gpu:N with N a GPU number, found '" + spec + "'");
                }
            }
            if (gpuCount == 0) {
                throw new UsageException(
                        "--device " + spec + ": no GPU is visible to libtorch on this machine"
                                + " (is the NVIDIA driver loaded and was kdlab built with -Pcuda?); use --device cpu");
            }
            if (id < 0 || id >= gpuCount) {
                throw new UsageException(
                        "--device " + spec + ": expected a GPU number from 0 to " + (gpuCount - 1) + ", found " + id);
            }
            return Device.gpu(id);
        }
        throw new UsageException("--device: expected auto, cpu, gpu or gpu:N, found '" + spec + "'");
    }
}
