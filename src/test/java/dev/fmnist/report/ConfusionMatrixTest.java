package dev.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    @Test
    void countsAccuraciesAndText() {
        System.setProperty("java.awt.headless", "true");
        ConfusionMatrix m = new ConfusionMatrix(List.of("Cat", "Dog", "Bird"));
        m.add(0, 0);
        m.add(0, 0);
        m.add(0, 1);
        m.add(1, 1);
        m.add(2, 0);
        assertEquals(2, m.count(0, 0));
        assertEquals(2 / 3.0, m.classAccuracy(0), 1e-12);
        assertEquals(1.0, m.classAccuracy(1));
        assertEquals(0.0, m.classAccuracy(2));
        String text = m.format();
        assertTrue(text.contains("  Cat     66.67%"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("\\s+Cat\\s+2\\s+1\\s+0")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("\\s+Bird\\s+1\\s+0\\s+0")), text);
        BufferedImage png = m.heatMap();
        assertEquals(1000, png.getWidth());
    }

    @Test
    void builtFromLabelsAndProbabilitiesByTheirLargest() {
        float[] p = {
            0.7f, 0.2f, 0.1f, // true 0, predicted 0
            0.1f, 0.3f, 0.6f, // true 1, predicted 2
            0.4f, 0.4f, 0.2f, // true 2, a tie: the first class wins, as argmax
        };
        ConfusionMatrix m = ConfusionMatrix.of(List.of("Cat", "Dog", "Bird"), new int[] {0, 1, 2}, p);
        assertEquals(1, m.count(0, 0));
        assertEquals(1, m.count(1, 2));
        assertEquals(1, m.count(2, 0));
        assertEquals(0, m.count(1, 1) + m.count(2, 1) + m.count(2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(List.of("Cat", "Dog", "Bird"), new int[] {0, 1}, p));
    }
}
