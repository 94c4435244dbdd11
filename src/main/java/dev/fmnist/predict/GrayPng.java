package dev.fmnist.predict;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A fast path for the PNGs predict.jar reads most: 8-bit grey, not interlaced, with nothing but
 * pixels and text (Fashion-MNIST images as files). ImageIO's reader takes several times longer
 * per small file, most of it in a JVM that has just started. Anything else, and anything damaged,
 * gives null, and the caller reads the file with ImageIO, which also words the error.
 */
final class GrayPng {
    private GrayPng() {}

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** The largest image this fast path reads; larger ones go through ImageIO, with its size checks. */
    private static final long MAX_FAST_PATH_PIXELS = 1L << 22;

    /** The image in {@code png}, or null when it is not a plain 8-bit grey PNG this class reads exactly. */
    static BufferedImage decode(byte[] png) {
        try {
            return read(png);
        } catch (RuntimeException | DataFormatException e) {
            return null;
        }
    }

    private static BufferedImage read(byte[] png) throws DataFormatException {
        if (png.length < 8 + 25 || !Arrays.equals(png, 0, 8, SIGNATURE, 0, 8)) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(8);
        int width = 0;
        int height = 0;
        Inflater inflater = new Inflater();
        byte[] raw = null;
        int rawLength = 0;
        try {
            boolean header = false;
            boolean end = false;
            while (in.remaining() >= 12 && !end) {
                int length = in.getInt();
                int type = in.getInt();
                if (length < 0 || length > in.remaining() - 4) {
                    return null;
                }
                int data = in.position();
                switch (type) {
                    case 0x49484452 -> { // IHDR
                        if (header || length != 13) {
                            return null;
                        }
                        width = in.getInt(data);
                        height = in.getInt(data + 4);
                        // bit depth 8, colour type 0 (grey), compression 0, filter 0, no interlace
                        if (width <= 0 || height <= 0 || (long) width * height > MAX_FAST_PATH_PIXELS
                                || png[data + 8] != 8 || png[data + 9] != 0 || png[data + 10] != 0
                                || png[data + 11] != 0 || png[data + 12] != 0) {
                            return null;
                        }
                        header = true;
                        raw = new byte[height * (width + 1)];
                    }
                    case 0x49444154 -> { // IDAT
                        if (!header) {
                            return null;
                        }
                        inflater.setInput(png, data, length);
                        while (!inflater.needsInput() && rawLength < raw.length) {
                            int n = inflater.inflate(raw, rawLength, raw.length - rawLength);
                            if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
                                break;
                            }
                            rawLength += n;
                        }
                    }
                    case 0x49454e44 -> end = true; // IEND
                    // Text, time and physical size say nothing about the pixels.
                    case 0x74455874, 0x7a545874, 0x69545874, 0x74494d45, 0x70485973 -> { }
                    default -> {
                        return null; // gamma, transparency, colour profiles...: ImageIO's business
                    }
                }
                in.position(data + length + 4); // skip the CRC
            }
            if (!end || raw == null || rawLength != raw.length) {
                return null;
            }
        } finally {
            inflater.end();
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (!unfilter(raw, width, height, pixels)) {
            return null;
        }
        return image;
    }

    /** PNG's five line filters, one byte per pixel, into {@code out}; false for an unknown filter. */
    private static boolean unfilter(byte[] raw, int width, int height, byte[] out) {
        for (int y = 0; y < height; y++) {
            int filter = raw[y * (width + 1)];
            int src = y * (width + 1) + 1;
            int row = y * width;
            int up = row - width;
            for (int x = 0; x < width; x++) {
                int a = x > 0 ? out[row + x - 1] & 0xff : 0;
                int b = y > 0 ? out[up + x] & 0xff : 0;
                int c = x > 0 && y > 0 ? out[up + x - 1] & 0xff : 0;
                int v = raw[src + x] & 0xff;
                switch (filter) {
                    case 0 -> { }
                    case 1 -> v += a;
                    case 2 -> v += b;
                    case 3 -> v += (a + b) >>> 1;
                    case 4 -> {
                        int p = a + b - c;
                        int pa = Math.abs(p - a);
                        int pb = Math.abs(p - b);
                        int pc = Math.abs(p - c);
                        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                    }
                    default -> {
                        return false;
                    }
                }
                out[row + x] = (byte) v;
            }
        }
        return true;
    }
}
