package dev.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {
    private static Sequential built(ModelConfig c) {
        return Sequential.of(c).build((name, shape, init) -> null);
    }

    @Test
    void application1HasTheLabsLayersAndParameters() {
        Sequential m = built(ModelConfig.APP1);
        assertEquals(List.of("conv2d", "max_pooling2d", "flatten", "dense", "dense_1"),
                m.layers().stream().map(Layer::name).toList());
        assertEquals(List.of(320L, 0L, 0L, 86_544L, 170L), m.layers().stream().map(Layer::paramCount).toList());
        assertEquals(87_034, m.paramCount());
        String summary = m.summary();
        assertTrue(summary.contains("conv2d (Conv2D)") && summary.contains("(None, 26, 26, 32)"), summary);
        assertTrue(summary.contains("(None, 13, 13, 32)") && summary.contains("(None, 5408)"), summary);
        assertTrue(summary.contains("Total params: 87,034"), summary);
    }

    @Test
    void exercise9AddsDropoutAndSamePadding() {
        Sequential m = built(ModelConfig.EX9);
        assertEquals(List.of("conv2d", "max_pooling2d", "dropout", "flatten", "dense", "dense_1"),
                m.layers().stream().map(Layer::name).toList());
        assertTrue(m.summary().contains("(None, 14, 14, 32)"));
        assertEquals(320 + 14 * 14 * 32 * 512 + 512 + 5130, m.paramCount());
        assertEquals(64, ModelConfig.EX10.filters());
    }

    @Test
    void oddMapsFloorWhenPooling() {
        ModelConfig c = ModelConfig.APP1.withKernelSize(4);
        assertEquals(12, c.pooledSize());
        assertTrue(built(c).summary().contains("(None, 25, 25, 32)"));
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelConfig.APP1.withMomentum(1.0));
        assertTrue(e.getMessage().startsWith("momentum must"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.APP1.withLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.APP1.withDropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.preset("best-ever"));
    }

    @Test
    void initialiserLimitsAreKeras() {
        assertEquals(Math.sqrt(6.0 / 9), Initializer.HE_UNIFORM.limit(org.tensorflow.ndarray.Shape.of(3, 3, 1, 32)), 1e-12);
        assertEquals(Math.sqrt(6.0 / 5408), Initializer.HE_UNIFORM.limit(org.tensorflow.ndarray.Shape.of(5408, 16)), 1e-12);
        assertEquals(Math.sqrt(6.0 / 26), Initializer.GLOROT_UNIFORM.limit(org.tensorflow.ndarray.Shape.of(16, 10)), 1e-12);
        assertEquals(Math.sqrt(6.0 / (9 + 288)), Initializer.GLOROT_UNIFORM.limit(org.tensorflow.ndarray.Shape.of(3, 3, 1, 32)), 1e-12);
    }
}
