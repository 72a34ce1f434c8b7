package kdlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** The --device rule, with the GPU count given so both machines' cases run here. */
class DeviceOptionTest {
    @Test
    void autoPicksTheFirstGpuWhenThereIsOne() {
        assertEquals(Device.cpu(), DeviceOption.resolve("auto", 0));
        assertEquals(Device.gpu(0), DeviceOption.resolve("auto", 2));
        assertEquals(Device.gpu(1), DeviceOption.resolve("gpu:1", 2));
        assertEquals(Device.cpu(), DeviceOption.resolve("cpu", 2));
    }

    @Test
    void askingForAMissingGpuIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> DeviceOption.resolve("gpu", 0));
        assertTrue(e.getMessage().contains("no GPU is visible"), e.getMessage());
        UsageException range = assertThrows(UsageException.class, () -> DeviceOption.resolve("gpu:3", 2));
        assertEquals("--device gpu:3: expected a GPU number from 0 to 1, found 3", range.getMessage());
        UsageException bad = assertThrows(UsageException.class, () -> DeviceOption.resolve("tpu", 0));
        assertEquals("--device: expected auto, cpu, gpu or gpu:N, found 'tpu'", bad.getMessage());
    }

    @Test
    void seedsDifferByPurposeAndEpoch() {
        assertEquals(Seeds.derive(1, "epoch", 3), Seeds.derive(1, "epoch", 3));
        assertTrue(Seeds.derive(1, "epoch", 3) != Seeds.derive(1, "epoch", 4));
        assertTrue(Seeds.derive(1, "epoch", 3) != Seeds.derive(1, "noise", 3));
        assertTrue(Seeds.derive(1, "epoch", 3) != Seeds.derive(2, "epoch", 3));
    }
}
