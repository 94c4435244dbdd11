package dev.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.History;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {
    @TempDir
    Path dir;

    /** The mean row of the pixels of colour {@code rgb} in columns [x0, x1) and rows [y0, y1); NaN for none. */
    private static double meanRow(BufferedImage img, int x0, int x1, int y0, int y1, int rgb) {
        long sum = 0;
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    sum += y;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) sum / n;
    }

    private static final int GREEN = 0x2ca02c;
    private static final int RED = 0xd62728;

    /**
     * Training falls in loss and rises in accuracy while validation does the opposite, so in the top
     * panel (loss) green starts above red and ends below it, and in the bottom panel (accuracy) the
     * other way round: a swapped colour, series or panel moves a line to the wrong side.
     */
    @Test
    void lossAboveAccuracyTrainingGreenValidationRedEachWhereItsValuesAre() throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<EpochLogs> epochs = new java.util.ArrayList<>();
        for (int e = 0; e < 5; e++) {
            epochs.add(new EpochLogs(2.0 - 0.4 * e, 0.5 + 0.1 * e, 0.4 + 0.4 * e, 0.9 - 0.1 * e, 1, 10));
        }
        History h = History.of(epochs);
        BufferedImage figure = LearningCurves.render(List.of(h, h), List.of(0, 1));
        int half = figure.getHeight() / 2;
        int w = figure.getWidth();
        // The plots' left and right fifths, away from the legend at the right edge.
        int[] early = {w / 10, w / 4};
        int[] late = {w / 2, (int) (w * 0.7)};
        for (int panel = 0; panel < 2; panel++) {
            int y0 = panel * half;
            int y1 = y0 + half;
            double greenEarly = meanRow(figure, early[0], early[1], y0, y1, GREEN);
            double redEarly = meanRow(figure, early[0], early[1], y0, y1, RED);
            double greenLate = meanRow(figure, late[0], late[1], y0, y1, GREEN);
            double redLate = meanRow(figure, late[0], late[1], y0, y1, RED);
            String where = (panel == 0 ? "loss" : "accuracy") + " panel: green " + greenEarly + " -> " + greenLate
                    + ", red " + redEarly + " -> " + redLate;
            if (panel == 0) {
                assertTrue(greenEarly < redEarly && greenLate > redLate, where);
            } else {
                assertTrue(greenEarly > redEarly && greenLate < redLate, where);
            }
        }
        Path png = dir.resolve("curves.png");
        PngFile.write(figure, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(figure.getWidth(), back.getWidth());
        assertEquals(figure.getRGB(w / 3, half / 2), back.getRGB(w / 3, half / 2));
        assertEquals(List.of(png), Files.list(dir).toList(), "no temporary file left");
    }
}
