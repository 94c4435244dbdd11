package dev.fmnist.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.fuzz.Messages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The data set's conversion of product photos, step by step, on drawn images. */
class ProductPhotoTest {
    private static BufferedImage canvas(int w, int h, Color background, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static void rect(BufferedImage img, Color c, int x, int y, int w, int h) {
        Graphics2D g = img.createGraphics();
        g.setComposite(java.awt.AlphaComposite.Src);
        g.setColor(c);
        g.fillRect(x, y, w, h);
        g.dispose();
    }

    /** The bounding box of the pixels above {@code threshold}: {x, y, w, h}. */
    private static int[] box(int[] gray, int threshold) {
        int x0 = 28;
        int y0 = 28;
        int x1 = -1;
        int y1 = -1;
        for (int i = 0; i < gray.length; i++) {
            if (gray[i] > threshold) {
                x0 = Math.min(x0, i % 28);
                x1 = Math.max(x1, i % 28);
                y0 = Math.min(y0, i / 28);
                y1 = Math.max(y1, i / 28);
            }
        }
        return new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    /**
     * A dark product, twice as tall as wide, off-centre on a white canvas: trimmed, its long edge
     * scaled to 28 (so 14 wide), centred (7 columns each side), negated to light on black.
     */
    @Test
    void trimScaleCentreNegate() throws Exception {
        BufferedImage img = canvas(300, 200, Color.WHITE, BufferedImage.TYPE_INT_RGB);
        rect(img, new Color(40, 40, 40), 30, 20, 50, 100);
        Fit.Fitted f = ProductPhoto.convert(img, "drawn", null);
        assertTrue(f.inverted());
        assertEquals(java.util.List.of(7, 0, 14, 28), java.util.Arrays.stream(box(f.gray(), 100)).boxed().toList());
        assertEquals(0, f.gray()[0], "the background is black");
        int centre = f.gray()[14 * 28 + 14];
        assertTrue(centre > 200, "the product is light: " + centre);
    }

    /** A light product on a dark background is already as the data set has it: not negated. */
    @Test
    void aDarkBackgroundIsNotNegated() throws Exception {
        BufferedImage img = canvas(100, 100, new Color(10, 10, 10), BufferedImage.TYPE_INT_RGB);
        rect(img, new Color(220, 220, 220), 20, 40, 60, 30);
        Fit.Fitted f = ProductPhoto.convert(img, "dark", null);
        assertFalse(f.inverted());
        assertEquals(java.util.List.of(0, 7, 28, 14), java.util.Arrays.stream(box(f.gray(), 100)).boxed().toList());
    }

    /**
     * A cut-out product: transparent pixels are background whatever colour they hold (black here),
     * and a border that is all transparent reads as a light background.
     */
    @Test
    void transparentPixelsAreBackground() throws Exception {
        BufferedImage img = canvas(120, 120, new Color(0, 0, 0, 0), BufferedImage.TYPE_INT_ARGB);
        rect(img, new Color(60, 60, 60, 255), 40, 10, 40, 100);
        Fit.Fitted f = ProductPhoto.convert(img, "cutout", null);
        assertTrue(f.inverted());
        int[] b = box(f.gray(), 100);
        assertEquals(28, b[3], "only the opaque product is trimmed to, not the transparent black");
        assertEquals(11, b[2]);
    }

    /** A product that runs off the edge of the photo is still trimmed to and scaled. */
    @Test
    void aProductTouchingTheBorder() throws Exception {
        BufferedImage img = canvas(200, 100, Color.WHITE, BufferedImage.TYPE_INT_RGB);
        rect(img, Color.BLACK, 0, 30, 100, 40);
        Fit.Fitted f = ProductPhoto.convert(img, "edge", null);
        assertTrue(f.inverted());
        int[] b = box(f.gray(), 100);
        assertEquals(28, b[2]);
        assertTrue(b[3] >= 11 && b[3] <= 12, "height " + b[3]);
    }

    @Test
    void anImageOfNothingButBackgroundIsRefused() {
        BufferedImage img = canvas(50, 40, new Color(250, 250, 250), BufferedImage.TYPE_INT_RGB);
        ImageException e = assertThrows(ImageException.class, () -> ProductPhoto.convert(img, "empty.png", null));
        Messages.assertOneSentenceNaming("empty.png", e);
        assertTrue(e.getMessage().contains("all background"), e.getMessage());
    }
}
