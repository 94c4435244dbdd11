package dev.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.train.History;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingListener;
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

    private static boolean hasColour(BufferedImage img, int x0, int y0, int x1, int y1, int rgb) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void twoPanelsWithGreenTrainingAndRedValidationLines() throws Exception {
        System.setProperty("java.awt.headless", "true");
        var train = Synthetic.squares(320, 1);
        var val = Synthetic.squares(100, 2);
        History h;
        try (Trainer t = new Trainer(Preset.APP1.recipe().withModel(m -> m.withFilters(4)).withTraining(tc -> tc.withEpochs(3)), 1, train, val)) {
            h = t.fit(val, TrainingListener.SILENT);
        }
        BufferedImage figure = LearningCurves.render(List.of(h, h), List.of(0, 1));
        int half = figure.getHeight() / 2;
        for (int[] panel : new int[][] {{0, half}, {half, figure.getHeight()}}) {
            assertTrue(hasColour(figure, 0, panel[0], figure.getWidth(), panel[1], 0x2ca02c), "green train line");
            assertTrue(hasColour(figure, 0, panel[0], figure.getWidth(), panel[1], 0xd62728), "red validation line");
        }
        Path png = dir.resolve("curves.png");
        PngFile.write(figure, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(figure.getWidth(), back.getWidth());
        assertEquals(List.of(png), Files.list(dir).toList(), "no temporary file left");
    }
}
