package dev.fmnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fmnist.train.device.Device;
import dev.fmnist.train.optimizers.OptimizerKind;
import org.junit.jupiter.api.Test;

class EnumTextTest {

    @Test
    void parsesAnyCaseAndNamesEveryValueWhenNoneMatches() {
        assertEquals(OptimizerKind.ADAM, EnumText.parse(OptimizerKind.class, "optimizer", "Adam"));
        assertEquals("adam", EnumText.of(OptimizerKind.ADAM));
        assertEquals("optimizer must be sgd or adam, not rmsprop",
                assertThrows(IllegalArgumentException.class,
                        () -> EnumText.parse(OptimizerKind.class, "optimizer", "rmsprop")).getMessage());
        assertEquals("device must be auto, cpu or gpu, not tpu",
                assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu")).getMessage());
    }
}
