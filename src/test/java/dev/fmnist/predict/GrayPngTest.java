package dev.fmnist.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The fast PNG path gives exactly ImageIO's pixels, and gives way to ImageIO for everything else. */
class GrayPngTest {
    static int[] pixels(BufferedImage img) {
        int[] p = new int[img.getWidth() * img.getHeight()];
        img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), p);
        return p;
    }

    static void assertSameAsImageIO(byte[] png) throws IOException {
        BufferedImage ours = GrayPng.decode(png);
        assertNotNull(ours);
        BufferedImage theirs = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(theirs.getType(), ours.getType());
        assertEquals(theirs.getWidth(), ours.getWidth());
        assertEquals(theirs.getHeight(), ours.getHeight());
        assertArrayEquals(pixels(theirs), pixels(ours));
    }

    /** A grey PNG of {@code gray} whose every row uses {@code filter} (0 to 4), with {@code extra} chunks before IDAT. */
    static byte[] encode(int w, int h, int[] gray, int filter, String... extra) throws IOException {
        byte[] raw = new byte[h * (w + 1)];
        for (int y = 0; y < h; y++) {
            raw[y * (w + 1)] = (byte) filter;
            for (int x = 0; x < w; x++) {
                int a = x > 0 ? gray[y * w + x - 1] : 0;
                int b = y > 0 ? gray[(y - 1) * w + x] : 0;
                int c = x > 0 && y > 0 ? gray[(y - 1) * w + x - 1] : 0;
                int p = a + b - c;
                int pred = switch (filter) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) / 2;
                    default -> Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a
                            : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
                };
                raw[y * (w + 1) + 1 + x] = (byte) (gray[y * w + x] - pred);
            }
        }
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        byte[] z = new byte[raw.length * 2 + 64];
        int n = deflater.deflate(z);
        deflater.end();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", new byte[] {0, 0, (byte) (w >> 8), (byte) w, 0, 0, (byte) (h >> 8), (byte) h, 8, 0, 0, 0, 0});
        for (String type : extra) {
            chunk(out, type, type.equals("gAMA") ? new byte[] {0, 0, (byte) 0xb1, (byte) 0x8f} : "x".getBytes());
        }
        // Two IDAT chunks, as encoders split large images.
        chunk(out, "IDAT", Arrays.copyOfRange(z, 0, n / 2));
        chunk(out, "IDAT", Arrays.copyOfRange(z, n / 2, n));
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes();
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void everyFilterDecodesAsImageIODecodesIt() throws IOException {
        Random random = new Random(7);
        for (int filter = 0; filter <= 4; filter++) {
            for (int[] size : new int[][] {{28, 28}, {1, 1}, {37, 5}, {200, 3}}) {
                int[] gray = new int[size[0] * size[1]];
                for (int i = 0; i < gray.length; i++) {
                    gray[i] = i % 3 == 0 ? random.nextInt(256) : (i * 7) & 0xff;
                }
                assertSameAsImageIO(encode(size[0], size[1], gray, filter, "tEXt"));
            }
        }
    }

    @Test
    void filesImageIOWroteAndTheSamplesDecodeAlike() throws IOException {
        Random random = new Random(11);
        for (int k = 0; k < 20; k++) {
            BufferedImage img = new BufferedImage(1 + random.nextInt(90), 1 + random.nextInt(90), BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.getRaster().setSample(x, y, 0, k % 2 == 0 ? random.nextInt(256) : (x * y + k) & 0xff);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            assertSameAsImageIO(out.toByteArray());
        }
        try (var files = Files.list(Path.of("samples"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".png")).toList()) {
                byte[] png = Files.readAllBytes(f);
                if (GrayPng.decode(png) != null) {
                    assertSameAsImageIO(png);
                }
            }
        }
        assertNotNull(GrayPng.decode(Files.readAllBytes(Path.of("samples", "pullover.png"))));
    }

    @Test
    void everythingElseIsLeftToImageIO() throws IOException {
        int[] gray = new int[28 * 28];
        assertNull(GrayPng.decode(encode(28, 28, gray, 0, "gAMA")), "gamma");
        assertNull(GrayPng.decode(encode(28, 28, gray, 0, "tRNS")), "transparency");
        byte[] png = encode(28, 28, gray, 0);
        assertNull(GrayPng.decode(Arrays.copyOf(png, png.length - 20)), "truncated");
        byte[] badFilter = encode(28, 28, gray, 0);
        assertNull(GrayPng.decode(Arrays.copyOf(badFilter, 40)), "cut in the header");
        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "png", out);
        assertNull(GrayPng.decode(out.toByteArray()), "colour");
        assertNull(GrayPng.decode(Files.readAllBytes(Path.of("samples", "pullover_colour.jpg"))), "JPEG");
        assertNull(GrayPng.decode(new byte[0]));
    }
}
