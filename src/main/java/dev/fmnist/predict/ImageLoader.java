package dev.fmnist.predict;

import dev.fmnist.data.FashionMnist;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads an image file as Keras' {@code load_img(path, color_mode='grayscale', target_size=(28, 28))}
 * followed by {@code img_to_array(...) / 255} does, through PIL: decode (PNG, JPEG, BMP, GIF),
 * convert to 8-bit grey with the ITU-R 601-2 luma transform, resize with nearest-neighbour sampling.
 */
public final class ImageLoader {
    private static final int SIZE = FashionMnist.IMAGE_SIZE;
    /** The most pixels an image file may have; larger ones are refused before they are decoded. */
    public static final long MAX_FILE_PIXELS = 100_000_000L;

    private ImageLoader() {}

    /** The 8-bit grey pixels of {@code file} at 28 x 28, row-major. */
    public static int[] loadGray28(Path file) throws ImageException {
        return gray28(read(file));
    }

    /** The 8-bit grey pixels of {@code image} at 28 x 28, row-major, as Keras' load_img gives them. */
    static int[] gray28(BufferedImage image) {
        return resizeNearest(gray(image), SIZE, SIZE);
    }

    /**
     * Whether the 28 x 28 image has a mostly light border: a photo of a garment on a light
     * background, the opposite of the data set's light garment on black. Data-set images, whose
     * border is black, never pass.
     */
    public static boolean lightBorder(int[] gray28) {
        int light = 0;
        int ring = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (y == 0 || x == 0 || y == SIZE - 1 || x == SIZE - 1) {
                    ring++;
                    light += gray28[y * SIZE + x] > 127 ? 1 : 0;
                }
            }
        }
        return light * 2 > ring;
    }

    /** Keras' {@code img_to_array(img) / 255}, optionally inverted (255 - v). */
    public static float[] toInput(int[] gray28, boolean invert) {
        float[] x = new float[gray28.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (invert ? 255 - gray28[i] : gray28[i]) / 255f;
        }
        return x;
    }

    /** Decodes {@code file}, refusing what is not an image, is truncated, or is too large. */
    static BufferedImage read(Path file) throws ImageException {
        if (!Files.exists(file)) {
            throw new ImageException("The image " + file + " does not exist.");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ImageException("The image " + file + " is not a readable file.");
        }
        try {
            if (Files.size(file) <= IN_MEMORY_BYTES) {
                return read(Files.readAllBytes(file), "The file " + file, "The image " + file, MAX_FILE_PIXELS);
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                return decode(in, "The file " + file, "The image " + file, MAX_FILE_PIXELS);
            }
        } catch (IOException e) {
            throw corrupt("The image " + file, e);
        }
    }

    /**
     * Decodes an image file's bytes, called {@code name} in messages, with the same checks as a file
     * and at most {@code maxPixels} pixels.
     */
    public static BufferedImage read(byte[] bytes, String name, long maxPixels) throws ImageException {
        return read(bytes, name, name, maxPixels);
    }

    private static BufferedImage read(byte[] bytes, String what, String image, long maxPixels) throws ImageException {
        BufferedImage plain = GrayPng.decode(bytes);
        if (plain != null && (long) plain.getWidth() * plain.getHeight() <= maxPixels) {
            return plain;
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, what, image, maxPixels);
        } catch (IOException e) {
            throw corrupt(image, e);
        }
    }

    private static BufferedImage decode(ImageInputStream in, String what, String image, long maxPixels)
            throws ImageException {
        Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
        if (readers == null || !readers.hasNext()) {
            throw new ImageException(what + " is not an image in a format this program reads (PNG, JPEG, BMP or GIF).");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > maxPixels) {
                throw new ImageException(String.format("%s has %,d pixels, more than the %,d this program accepts.",
                        image, pixels, maxPixels));
            }
            if (pixels == 0) {
                throw new ImageException(image + " has no pixels.");
            }
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw corrupt(image, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * ImageIO's decoders signal truncated or corrupt data with IOExceptions and, for some malformed
     * headers, with runtime exceptions; either way the image cannot be used.
     */
    private static ImageException corrupt(String image, Exception e) {
        return new ImageException(image + " is truncated or corrupt and cannot be decoded.", e);
    }

    /** Files up to this size are decoded from memory; larger ones are streamed from disk. */
    private static final long IN_MEMORY_BYTES = 16L << 20;

    static {
        // Decode without ImageIO's temporary-file cache: the inputs are files or bytes already.
        ImageIO.setUseCache(false);
    }

    /**
     * PIL's conversion to mode "L". Grey images keep their values (16-bit ones their high byte);
     * colour ones go through Pillow's fixed-point form of L = R*299/1000 + G*587/1000 + B*114/1000,
     * rounded; alpha is ignored, as PIL ignores it.
     */
    static int[][] gray(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] out = new int[h][w];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean grey = cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && !(cm instanceof java.awt.image.IndexColorModel);
        if (grey) {
            // Read the samples themselves: getRGB would pass them through a gamma conversion.
            int bits = cm.getComponentSize(0);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = raster.getSample(x, y, 0);
                    out[y][x] = bits > 8 ? v >>> (bits - 8) : bits < 8 ? v * 255 / ((1 << bits) - 1) : v;
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y][x] = luma(image.getRGB(x, y));
            }
        }
        return out;
    }

    /** Pillow's {@code L24}: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16. */
    static int luma(int argb) {
        int r = (argb >>> 16) & 0xff;
        int g = (argb >>> 8) & 0xff;
        int b = argb & 0xff;
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
    }

    /**
     * PIL's {@code resize(NEAREST)}: output pixel x samples input pixel floor((x + 0.5) * in / out),
     * with the coordinate stepped by additions in double precision, as Pillow's affine transform
     * steps it. An image already at the target size is returned as it is, as Keras does.
     */
    static int[] resizeNearest(int[][] src, int outW, int outH) {
        int inH = src.length;
        int inW = src[0].length;
        int[] out = new int[outW * outH];
        double sx = (double) inW / outW;
        double sy = (double) inH / outH;
        double yy = sy * 0.5;
        for (int y = 0; y < outH; y++, yy += sy) {
            int srcY = Math.min(inH - 1, (int) yy);
            double xx = sx * 0.5;
            for (int x = 0; x < outW; x++, xx += sx) {
                out[y * outW + x] = src[srcY][Math.min(inW - 1, (int) xx)];
            }
        }
        return out;
    }
}
