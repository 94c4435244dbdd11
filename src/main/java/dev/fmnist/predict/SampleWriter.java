package dev.fmnist.predict;

import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes data-set images as ordinary image files, to try predict.jar on: the first test image of
 * each class as a grey PNG named after its class, and a few variants in other formats and sizes.
 */
public final class SampleWriter {
    private SampleWriter() {}

    /** {@code Pullover} -> {@code pullover}, {@code T-shirt/top} -> {@code t-shirt_top}. */
    public static String fileStem(String className) {
        return className.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "_");
    }

    /** Writes the samples into {@code dir} and returns the files written. */
    public static List<Path> write(Dataset test, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        int[] first = new int[FashionMnist.NUM_CLASSES];
        java.util.Arrays.fill(first, -1);
        for (int i = 0; i < test.count(); i++) {
            if (first[test.label(i)] < 0) {
                first[test.label(i)] = i;
            }
        }
        for (int k = 0; k < FashionMnist.NUM_CLASSES; k++) {
            written.add(save(grey(test, first[k], 1, false), dir.resolve(fileStem(FashionMnist.CLASS_NAMES.get(k)) + ".png"), "png"));
        }
        // The same images again in other formats, sizes and colours, to exercise the image loader:
        // each should be classified as its plain PNG is.
        written.add(save(colour(test, first[2]), dir.resolve("pullover_colour.jpg"), "jpg"));
        written.add(save(grey(test, first[4], 10, false), dir.resolve("coat_large.png"), "png"));
        written.add(save(grey(test, first[8], 1, false), dir.resolve("bag.bmp"), "bmp"));
        written.add(save(grey(test, first[1], 1, false), dir.resolve("trouser.gif"), "gif"));
        written.add(save(grey(test, first[7], 4, true), dir.resolve("sneaker_light_background.png"), "png"));
        return written;
    }

    /** Writes the first {@code n} test images as {@code test-00000.png}... (for throughput benchmarks). */
    public static List<Path> writeFirst(Dataset test, int n, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < Math.min(n, test.count()); i++) {
            written.add(save(grey(test, i, 1, false), dir.resolve(String.format("test-%05d.png", i)), "png"));
        }
        return written;
    }

    /** 28 x 28 grey pixels (row-major, 0-255) as an image, e.g. what a model was given. */
    public static BufferedImage grayImage(int[] gray) {
        int side = (int) Math.round(Math.sqrt(gray.length));
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < gray.length; i++) {
            img.getRaster().setSample(i % side, i / side, 0, gray[i]);
        }
        return img;
    }

    /** Image {@code i} scaled up {@code scale} times by pixel repetition, optionally dark on light. */
    static BufferedImage grey(Dataset d, int i, int scale, boolean inverted) {
        int rows = d.rows();
        int cols = d.cols();
        BufferedImage img = new BufferedImage(cols * scale, rows * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rows * scale; y++) {
            for (int x = 0; x < cols * scale; x++) {
                int v = d.images()[i * rows * cols + (y / scale) * cols + x / scale] & 0xff;
                img.getRaster().setSample(x, y, 0, inverted ? 255 - v : v);
            }
        }
        return img;
    }

    /** Image {@code i} tinted warm, as a colour image: its luma stays close to the original. */
    static BufferedImage colour(Dataset d, int i) {
        BufferedImage img = new BufferedImage(d.cols(), d.rows(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < d.rows(); y++) {
            for (int x = 0; x < d.cols(); x++) {
                int v = d.images()[i * d.rows() * d.cols() + y * d.cols() + x] & 0xff;
                int r = Math.min(255, v + v / 8);
                int b = v * 3 / 4;
                img.setRGB(x, y, (r << 16) | (v << 8) | b);
            }
        }
        return img;
    }

    private static Path save(BufferedImage img, Path file, String format) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no " + format + " writer in this JVM");
        }
        return file;
    }
}
