package dev.fmnist.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void lumaIsPillowsFixedPointItu601() {
        // Values PIL gives for Image.new('RGB', (1, 1), c).convert('L').
        assertEquals(76, ImageLoader.luma(0xff0000));
        assertEquals(150, ImageLoader.luma(0x00ff00));
        assertEquals(29, ImageLoader.luma(0x0000ff));
        assertEquals(255, ImageLoader.luma(0xffffff));
        assertEquals(0, ImageLoader.luma(0x000000));
        assertEquals(128, ImageLoader.luma(0x808080));
    }

    @Test
    void nearestSamplesPixelCentresAsPillowDoes() {
        int[][] wide = {{10, 20, 30}};
        // 3 -> 2: centres 0.75 and 2.25 fall on pixels 0 and 2.
        assertArrayEquals(new int[] {10, 30}, ImageLoader.resizeNearest(wide, 2, 1));
        int[][] big = new int[56][56];
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                big[y][x] = (y * 56 + x) % 251;
            }
        }
        int[] small = ImageLoader.resizeNearest(big, 28, 28);
        assertEquals(big[1][1], small[0]);
        assertEquals(big[3][5], small[28 + 2]);
        int[][] same = {{1, 2}, {3, 4}};
        assertArrayEquals(new int[] {1, 2, 3, 4}, ImageLoader.resizeNearest(same, 2, 2));
    }

    @Test
    void greyFilesKeepTheirValuesAndColourFilesUseLuma() throws Exception {
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 4, 0, 100);
        Path png = dir.resolve("grey.png");
        ImageIO.write(grey, "png", png.toFile());
        int[] g = ImageLoader.loadGray28(png);
        assertEquals(100, g[4 * 28 + 3], "no gamma conversion of grey samples");

        BufferedImage colour = new BufferedImage(56, 56, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                colour.setRGB(x, y, 0x80ff0000);
            }
        }
        Path rgba = dir.resolve("red.png");
        ImageIO.write(colour, "png", rgba.toFile());
        int[] r = ImageLoader.loadGray28(rgba);
        assertTrue(Arrays.stream(r).allMatch(v -> v == 76), "alpha ignored, as PIL's convert('L') ignores it");

        BufferedImage wide16 = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
        wide16.getRaster().setSample(0, 0, 0, 0xabcd);
        Path p16 = dir.resolve("grey16.png");
        ImageIO.write(wide16, "png", p16.toFile());
        assertEquals(0xab, ImageLoader.loadGray28(p16)[0]);
    }

    @Test
    void borderDecidesInversion() {
        int[] dark = new int[784];
        assertFalse(ImageLoader.lightBorder(dark));
        int[] light = new int[784];
        Arrays.fill(light, 240);
        assertTrue(ImageLoader.lightBorder(light));
        float[] x = ImageLoader.toInput(light, true);
        assertEquals(15 / 255f, x[0]);
        assertEquals(240 / 255f, ImageLoader.toInput(light, false)[0]);
    }

    @Test
    void badFilesAreNamedInOneSentence() throws Exception {
        Path missing = dir.resolve("missing.png");
        assertTrue(assertThrows(ImageException.class, () -> ImageLoader.loadGray28(missing))
                .getMessage().contains("does not exist"));

        Path text = Files.writeString(dir.resolve("notes.png"), "just some text");
        assertTrue(assertThrows(ImageException.class, () -> ImageLoader.loadGray28(text))
                .getMessage().contains("is not an image"));

        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 64; i++) {
            img.getRaster().setSample(i, i, 0, 200);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        byte[] full = bytes.toByteArray();
        Path truncated = Files.write(dir.resolve("cut.png"), Arrays.copyOf(full, full.length / 2));
        ImageException cut = assertThrows(ImageException.class, () -> ImageLoader.loadGray28(truncated));
        assertTrue(cut.getMessage().contains("truncated or corrupt") && cut.getMessage().contains("cut.png"),
                cut.getMessage());

        Path huge = Files.write(dir.resolve("huge.png"), pngHeader(20000, 20000));
        ImageException tooBig = assertThrows(ImageException.class, () -> ImageLoader.loadGray28(huge));
        assertTrue(tooBig.getMessage().contains("400,000,000 pixels"), tooBig.getMessage());

        assertThrows(ImageException.class, () -> ImageLoader.loadGray28(dir));
    }

    /** The signature and IHDR chunk of a grey PNG of the given size, with no image data. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes()).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
