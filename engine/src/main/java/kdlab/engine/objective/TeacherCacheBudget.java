package kdlab.engine.objective;

import ai.djl.Device;
import java.util.Locale;
import kdlab.engine.UsageException;

/**
 * The {@code --teacher-cache} setting: how much device memory a {@link TeacherCache} may take.
 *
 * @param mode {@code auto}, {@code off} or {@code mb}
 * @param megabytes the budget in MiB when {@code mode} is {@code mb}, else 0
 */
public record TeacherCacheBudget(String mode, long megabytes) {
    /** The accepted forms, for messages and help. */
    public static final String FORMS = "auto, off, or a budget in MiB (a whole number >= 0)";

    /** The default: keep the teacher's features where they fit in a quarter of the device's free memory. */
    public static final TeacherCacheBudget AUTO = new TeacherCacheBudget("auto", 0);

    /** Never cache: the teacher runs on every batch. */
    public static final TeacherCacheBudget OFF = new TeacherCacheBudget("off", 0);

    /**
     * @param spec {@code auto}, {@code off} or a whole number of MiB
     * @return the budget
     * @throws UsageException naming the flag, the accepted forms and what was found
     */
    public static TeacherCacheBudget parse(String spec) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return AUTO;
        }
        if (s.equals("off")) {
            return OFF;
        }
        try {
            long mb = Long.parseLong(s);
            if (mb >= 0) {
                return new TeacherCacheBudget("mb", mb);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--teacher-cache: expected " + FORMS + ", found '" + spec + "'");
    }

    /**
     * @param device where the cache would live
     * @return the bytes the cache may take on it (0 when off)
     */
    public long bytes(Device device) {
        return switch (mode) {
            case "off" -> 0;
            case "mb" -> megabytes << 20;
            default -> freeBytes(device) / 4;
        };
    }

    /** @return the setting as the user writes it */
    public String spec() {
        return mode.equals("mb") ? Long.toString(megabytes) : mode;
    }

    private static long freeBytes(Device device) {
        if (device.isGpu()) {
            java.lang.management.MemoryUsage use = ai.djl.util.cuda.CudaUtils.getGpuMemory(device);
            return Math.max(0, use.getMax() - use.getCommitted());
        }
        // MemAvailable counts reclaimable page cache, which a cache of features can use.
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // fall back to the JVM's view below
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getFreeMemorySize() : 0;
    }
}
