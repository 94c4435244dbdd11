package dev.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.FashionMnist;
import dev.fmnist.train.Synthetic;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SampleGridTest {
    @Test
    void nineImagesInAThreeByThreeGridWithCaptions() {
        System.setProperty("java.awt.headless", "true");
        var data = Synthetic.squares(20, 3);
        BufferedImage grid = SampleGrid.render(data, 9, FashionMnist.CLASS_NAMES);
        // 3 columns of 112 px plus 8 px gaps; rows 112 px of image and 22 px of caption.
        assertEquals(8 + 3 * (112 + 8), grid.getWidth());
        assertEquals(8 + 3 * (134 + 8), grid.getHeight());
        // Image 4 (row 1, column 1): its pixel (5, 7) scaled four times.
        int v = data.images()[4 * 784 + 7 * 28 + 5] & 0xff;
        assertEquals((v << 16) | (v << 8) | v, grid.getRGB(8 + 120 + 5 * 4 + 1, 8 + 142 + 7 * 4 + 2) & 0xffffff);
        boolean captionInk = false;
        for (int y = 8 + 112; y < 8 + 134; y++) {
            for (int x = 8; x < 8 + 112; x++) {
                captionInk |= (grid.getRGB(x, y) & 0xffffff) != 0xffffff;
            }
        }
        assertTrue(captionInk, "the first image has a caption under it");
    }
}
