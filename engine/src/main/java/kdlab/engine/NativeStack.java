package kdlab.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;

/**
 * What kdlab runs on underneath: DJL, libtorch and which native build of it (CPU or a CUDA flavour), and
 * the determinism settings a device allows. Printed by {@code --version}, recorded in manifest.json.
 */
public final class NativeStack {
    private NativeStack() {}

    /** @return DJL's version */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    /** @return libtorch's version, loading it if needed */
    public static String pytorchVersion() {
        return Engine.getInstance().getVersion();
    }

    /**
     * @return the native build DJL loaded, e.g. {@code 2.5.1-20241113-cpu-linux-x86_64} (the directory DJL
     *     unpacked it into names version, flavour and platform)
     */
    public static String nativeBuild() {
        Engine.getInstance();
        String path = LibUtils.getLibtorchPath();
        Path name = path == null ? null : Path.of(path).getFileName();
        return name == null ? "unknown" : name.toString();
    }

    /**
     * Asks libtorch for the most repeatable settings the device allows and says how repeatable runs on it
     * are. On the CPU kdlab's runs are bitwise repeatable for a given machine and thread count (tested). On
     * CUDA, cuDNN's autotuner is switched off and the launcher sets {@code CUBLAS_WORKSPACE_CONFIG}; libtorch's
     * global deterministic-algorithms switch is not reachable through DJL 0.33's JNI, so some kernels
     * (atomics in scatter-style backward passes, some cuDNN convolution algorithms) may still differ between
     * runs in the last bits.
     *
     * @param device the training device
     * @return "bitwise" or a short description of what is not guaranteed, for the manifest
     */
    public static String configureDeterminism(Device device) {
        if (!device.isGpu()) {
            return "bitwise (CPU, same thread count)";
        }
        JniUtils.setBenchmarkCuDNN(false);
        return "approximate (CUDA: cuDNN benchmark off, CUBLAS_WORKSPACE_CONFIG="
                + System.getenv().getOrDefault("CUBLAS_WORKSPACE_CONFIG", "unset")
                + "; libtorch's deterministic-algorithms switch is not exposed by DJL)";
    }
}
