package dev.fmnist.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.bench.PhotoLike;
import dev.fmnist.data.DataLocator;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitTest {
    @TempDir
    Path dir;

    /** auto reads every test-set image exactly as Keras does: the data set's own pixels, not inverted. */
    @Test
    void autoLeavesEveryTestImageAsKerasReadsIt() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        Dataset test = FashionMnist.load(DataLocator.SYSTEM_DIR).test();
        for (int i = 0; i < test.count(); i++) {
            int[] pixels = new int[784];
            for (int p = 0; p < 784; p++) {
                pixels[p] = test.images()[i * 784 + p] & 0xff;
            }
            Fit.Fitted f = Fit.AUTO.load(SampleWriter.grayImage(pixels), "test " + i, null);
            assertEquals(Fit.KERAS, f.fit(), "test image " + i);
            assertFalse(f.inverted(), "test image " + i);
            assertArrayEquals(pixels, f.gray(), "test image " + i);
        }
    }

    /** The photo benchmark's generator: light canvases larger than the product, three kinds of file, labelled names. */
    @Test
    void photoLikeFilesLookLikeShopPhotos() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        Dataset test = FashionMnist.load(DataLocator.SYSTEM_DIR).test();
        for (int i = 0; i < 6; i++) {
            BufferedImage photo = PhotoLike.make(test, i);
            assertTrue(photo.getWidth() >= 28 * 5 * 6 / 5 && photo.getWidth() <= 28 * 15 * 9 / 5, "width " + photo.getWidth());
            int corner = photo.getRGB(0, 0);
            if (i % 3 == 1) {
                assertEquals(0, corner >>> 24, "a transparent background");
            } else {
                assertTrue((corner & 0xff) >= 235, "a light background: " + (corner & 0xff));
            }
            Path file = PhotoLike.write(test, i, dir);
            assertTrue(file.getFileName().toString().matches(String.format("%05d-%d\\.(png|jpg)", i, test.label(i))));
            assertEquals(i % 3 == 2 ? "jpg" : "png", file.toString().substring(file.toString().length() - 3));
            assertTrue(Files.size(file) > 0);
            // Converted back, it is the data-set image again, near enough to be recognised.
            int[] back = Fit.FASHION_MNIST.load(file, null).gray();
            int[] original = new int[784];
            for (int p = 0; p < 784; p++) {
                original[p] = test.images()[i * 784 + p] & 0xff;
            }
            assertTrue(Arrays.stream(back).sum() > 0);
            assertTrue(correlation(original, back) > 0.6, "image " + i + ": " + correlation(original, back));
        }
    }

    static double correlation(int[] a, int[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
