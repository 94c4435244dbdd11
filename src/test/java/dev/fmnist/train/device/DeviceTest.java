package dev.fmnist.train.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.train.Execution;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

class DeviceTest {

    @Test
    void parsesTheFlagsValues() {
        assertEquals(Device.AUTO, Device.parse("auto"));
        assertEquals(Device.CPU, Device.parse("CPU"));
        assertEquals(Device.GPU, Device.parse("gpu"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertEquals("gpu", Device.GPU.toString());
    }

    /** AUTO takes a GPU only where TensorFlow lists one; asking for a missing GPU says what is missing. */
    @Test
    void resolvesToWhatTensorFlowSees() throws Exception {
        List<Device.Found> found = Device.available(2);
        assertTrue(found.stream().anyMatch(d -> d.type().equals("CPU") && d.name().endsWith("device:CPU:0")),
                found.toString());
        boolean gpu = found.stream().anyMatch(d -> d.type().equals("GPU"));
        assertEquals(gpu ? Device.GPU : Device.CPU, Device.AUTO.resolve(2));
        assertEquals(Device.CPU, Device.CPU.resolve(2));
        if (!gpu) {
            String message = assertThrows(Device.UnavailableException.class, () -> Device.GPU.resolve(2)).getMessage();
            assertTrue(message.contains(Device.cudaBuild() ? "no usable GPU" : "mvn -Pgpu package"), message);
            assertTrue(message.endsWith(".") && !message.contains("\n"), message);
        }
    }

    @Test
    void aCpuSessionHidesAnyGpusAndAGpuSessionTakesMemoryAsNeeded() {
        ConfigProto cpu = Device.CPU.configure(ConfigProto.newBuilder()).build();
        if (Device.cudaBuild()) {
            assertEquals(0, cpu.getDeviceCountOrThrow("GPU"));
        } else {
            assertEquals(ConfigProto.getDefaultInstance(), cpu, "a CPU build's sessions are left as they were");
        }
        ConfigProto gpu = Device.GPU.configure(ConfigProto.newBuilder()).build();
        assertTrue(gpu.getGpuOptions().getAllowGrowth());
        assertTrue(gpu.getDeviceCountMap().isEmpty());
    }

    @Test
    void anExecutionNamesAResolvedDevice() {
        assertThrows(IllegalArgumentException.class,
                () -> new Execution(2, dev.fmnist.ops.Kernels.STOCK, Device.AUTO));
    }

    @Test
    void placementSummaryNamesTheOpsLeftOffTheBusiestDevice() {
        Placement p = new Placement(Map.of(
                "GPU:0", Map.of("Conv2D", 3, "MatMul", 2),
                "CPU:0", Map.of("_Recv", 1, "FmnistConvReluPoolGrad", 1)));
        assertEquals("GPU:0 ran 5 ops; CPU:0 ran 2 (FmnistConvReluPoolGrad, _Recv)", p.summary());
        assertEquals(Set.of("Conv2D", "MatMul"), p.typesOn("GPU:0"));
        assertEquals(0, p.count("GPU:1"));
    }
}
