package dev.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.train.Preset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {
    private static Sequential built(ModelConfig c) {
        return c.newSequential().build(WeightStore.SHAPES_ONLY);
    }

    @Test
    void application1HasTheLabsLayersAndParameters() {
        Sequential m = built(Preset.APP1.model());
        assertEquals(List.of("conv2d", "max_pooling2d", "flatten", "dense", "dense_1"),
                m.layers().stream().map(Layer::name).toList());
        assertEquals(List.of(320L, 0L, 0L, 86_544L, 170L), m.layers().stream().map(Layer::paramCount).toList());
        assertEquals(87_034, m.paramCount());
        String summary = m.summary();
        assertTrue(summary.contains("conv2d (Conv2D)") && summary.contains("(None, 26, 26, 32)"), summary);
        assertTrue(summary.contains("(None, 13, 13, 32)") && summary.contains("(None, 5408)"), summary);
        assertTrue(summary.contains("Total params: 87,034"), summary);
    }

    /** tf.keras 2's layout, character for character, for the lab's model. */
    @Test
    void summaryIsLaidOutAsTfKeras2() {
        String blank = " ".repeat(65);
        assertEquals(String.join("\n", "Model: \"sequential\"", "_".repeat(65),
                " Layer (type)                Output Shape              Param #   ", "=".repeat(65),
                " conv2d (Conv2D)             (None, 26, 26, 32)        320       ", blank,
                " max_pooling2d (MaxPooling2D  (None, 13, 13, 32)       0         ",
                " )                                                               ", blank,
                " flatten (Flatten)           (None, 5408)              0         ", blank,
                " dense (Dense)               (None, 16)                86544     ", blank,
                " dense_1 (Dense)             (None, 10)                170       ", blank,
                "=".repeat(65), "Total params: 87,034", "Trainable params: 87,034", "Non-trainable params: 0",
                "_".repeat(65), ""), built(Preset.APP1.model()).summary().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void exercise9AddsDropoutAndSamePadding() {
        Sequential m = built(Preset.EX9.model());
        assertEquals(List.of("conv2d", "max_pooling2d", "dropout", "flatten", "dense", "dense_1"),
                m.layers().stream().map(Layer::name).toList());
        assertTrue(m.summary().contains("(None, 14, 14, 32)"));
        assertEquals(320 + 14 * 14 * 32 * 512 + 512 + 5130, m.paramCount());
        assertEquals(64, Preset.EX10.model().filters());
    }

    @Test
    void bestPresetBuildsTheDeepArchitectureWithKerasCounts() {
        Sequential m = built(Preset.BEST.model());
        assertEquals(List.of("random_flip", "random_translation",
                "conv2d", "batch_normalization", "re_lu", "max_pooling2d",
                "conv2d_1", "batch_normalization_1", "re_lu_1", "max_pooling2d_1",
                "conv2d_2", "batch_normalization_2", "re_lu_2", "max_pooling2d_2",
                "flatten", "dropout", "dense", "batch_normalization_3", "re_lu_3", "dropout_1", "dense_1"),
                m.layers().stream().map(Layer::name).toList());
        // Convolutions and the hidden Dense layer have no bias; BatchNormalization has 4 per channel.
        long expected = 9 * 32 + 4 * 32 + 9 * 32 * 64 + 4 * 64 + 9 * 64 * 128 + 4 * 128
                + 3 * 3 * 128 * 512 + 4 * 512 + 5130;
        assertEquals(expected, m.paramCount());
        String summary = m.summary();
        assertTrue(summary.contains("(None, 3, 3, 128)") && summary.contains("(None, 1152)"), summary);
        long movingAverages = 2 * (32 + 64 + 128 + 512);
        assertTrue(summary.contains(String.format("Trainable params: %,d", expected - movingAverages)), summary);
        assertTrue(summary.contains(String.format("Non-trainable params: %,d", movingAverages)), summary);
    }

    @Test
    void deepArchitectureNeedsRoomForThreePoolings() {
        ModelConfig deepValid = Preset.BEST.model().withPadding(Padding.VALID);
        assertEquals(List.of(1L, 1L, 128L).toString(), java.util.Arrays.toString(outputOf(deepValid, "max_pooling2d_2")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> deepValid.withKernelSize(5));
        assertTrue(e.getMessage().startsWith("kernel size must"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Preset.BEST.model().withFilters(2048));
    }

    private static long[] outputOf(ModelConfig c, String layer) {
        long[] shape = {28, 28, 1};
        for (Layer l : c.newSequential().layers()) {
            shape = l.build(shape, WeightStore.SHAPES_ONLY);
            if (l.name().equals(layer)) {
                return shape;
            }
        }
        throw new AssertionError(layer);
    }

    @Test
    void oddMapsFloorWhenPooling() {
        String summary = built(Preset.APP1.model().withKernelSize(4)).summary();
        assertTrue(summary.contains("(None, 25, 25, 32)") && summary.contains("(None, 12, 12, 32)"), summary);
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Preset.APP1.model().withDropout(1.0));
        assertTrue(e.getMessage().startsWith("dropout must"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Preset.APP1.model().withFilters(0));
        assertTrue(e.getMessage().startsWith("filters must be between 1 and 4096"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Preset.APP1.model().withDenseUnits(65537));
        assertTrue(e.getMessage().startsWith("dense units must"), e.getMessage());
    }

    @Test
    void initialiserLimitsAreKeras() {
        assertEquals(Math.sqrt(6.0 / 9), Initializer.HE_UNIFORM.limit(org.tensorflow.ndarray.Shape.of(3, 3, 1, 32)), 1e-12);
        assertEquals(Math.sqrt(6.0 / 5408), Initializer.HE_UNIFORM.limit(org.tensorflow.ndarray.Shape.of(5408, 16)), 1e-12);
        assertEquals(Math.sqrt(6.0 / 26), Initializer.GLOROT_UNIFORM.limit(org.tensorflow.ndarray.Shape.of(16, 10)), 1e-12);
        assertEquals(Math.sqrt(6.0 / (9 + 288)), Initializer.GLOROT_UNIFORM.limit(org.tensorflow.ndarray.Shape.of(3, 3, 1, 32)), 1e-12);
    }
}
