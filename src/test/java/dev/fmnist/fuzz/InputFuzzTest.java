package dev.fmnist.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fmnist.data.DataException;
import dev.fmnist.data.IdxFile;
import dev.fmnist.keras.KerasFileException;
import dev.fmnist.keras.KerasReader;
import dev.fmnist.predict.ImageException;
import dev.fmnist.predict.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random and mutated inputs for the readers of untrusted files (IDX, images, Keras models). Whatever the bytes, they either
 * parse or fail with our own one-sentence exception, in bounded time; never another exception, never a hang.
 */
class InputFuzzTest {
    static final Path DIR;
    static final byte[] IDX = IdxFile.encode(2051, new int[] {3, 4, 4}, bytes(48));
    static final List<byte[]> IMAGES;

    static {
        System.setProperty("java.awt.headless", "true");
        try {
            DIR = Files.createTempDirectory("fuzz");
            BufferedImage grey = new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage rgb = new BufferedImage(17, 33, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 17; x++) {
                    grey.getRaster().setSample(x, y, 0, x * y % 256);
                    rgb.setRGB(x, y, x * 0x010203 + y * 0x030201);
                }
            }
            IMAGES = List.of(encode(grey, "png"), encode(rgb, "jpg"), encode(rgb, "bmp"), encode(grey, "gif"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    /** A valid input with a few bytes overwritten, and perhaps cut short. */
    static byte[] mutate(byte[] valid, List<Integer> positions, List<Byte> values, int cut) {
        byte[] b = valid.clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            b[Math.floorMod(positions.get(i), b.length)] = values.get(i);
        }
        return cut > 0 ? Arrays.copyOf(b, Math.max(0, b.length - cut)) : b;
    }

    @Provide
    Arbitrary<List<Integer>> positions() {
        return Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(0).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Byte>> values() {
        return Arbitraries.bytes().list().ofMinSize(0).ofMaxSize(6);
    }

    private static void idxMustParseOrExplain(byte[] data) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                IdxFile parsed = IdxFile.parse("fuzz", data);
                assertEquals(data.length, parsed.raw().length);
            } catch (DataException expected) {
                assertOneSentenceNaming("fuzz", expected);
            }
        });
    }

    static void assertOneSentenceNaming(String file, Exception e) {
        Messages.assertOneSentenceNaming(file, e);
    }

    @Property(tries = 3000)
    void idxFromRandomBytes(@ForAll @Size(max = 200) byte[] data) {
        idxMustParseOrExplain(data);
    }

    @Property(tries = 3000)
    void idxMutated(@ForAll("positions") List<Integer> at, @ForAll("values") List<Byte> to,
                    @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 70) int cut) {
        idxMustParseOrExplain(mutate(IDX, at, to, cut));
    }

    @Property(tries = 500)
    void idxGzipFileMutated(@ForAll("positions") List<Integer> at, @ForAll("values") List<Byte> to) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(IDX);
        }
        Path f = Files.write(DIR.resolve("idx.gz"), mutate(gz.toByteArray(), at, to, 0));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                IdxFile.read(f);
            } catch (DataException expected) {
                assertOneSentenceNaming(f.toString(), expected);
            }
        });
    }

    private static void imageMustLoadOrExplain(byte[] data) throws Exception {
        Path f = Files.write(DIR.resolve("img"), data);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                int[] gray = ImageLoader.loadGray28(f);
                assertEquals(784, gray.length);
            } catch (ImageException expected) {
                assertOneSentenceNaming(f.toString(), expected);
            }
        });
    }

    @Property(tries = 1000)
    void imageFromRandomBytes(@ForAll @Size(max = 300) byte[] data) throws Exception {
        imageMustLoadOrExplain(data);
    }

    @Property(tries = 2000)
    void imageMutated(@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int format,
                      @ForAll("positions") List<Integer> at, @ForAll("values") List<Byte> to,
                      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 200) int cut) throws Exception {
        imageMustLoadOrExplain(mutate(IMAGES.get(format), at, to, cut));
    }

    /** Our Keras fixtures: a legacy .h5 and a .keras archive, both as Keras 3 saved them. */
    static final List<byte[]> KERAS_FILES;

    static {
        try {
            Path fixtures = Path.of("src/test/resources/keras");
            KERAS_FILES = List.of(Files.readAllBytes(fixtures.resolve("flat.h5")),
                    Files.readAllBytes(fixtures.resolve("flat.keras")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void kerasMustReadOrExplain(byte[] data, String name) throws Exception {
        Path f = Files.write(DIR.resolve(name), data);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                assertEquals(List.of(784L), List.of(KerasReader.read(f).inputShape()[0]));
            } catch (KerasFileException expected) {
                assertOneSentenceNaming(f.toString(), expected);
            }
        });
    }

    @Property(tries = 300)
    void kerasFileFromRandomBytes(@ForAll @Size(max = 300) byte[] data, @ForAll boolean archive) throws Exception {
        byte[] head = archive ? new byte[] {'P', 'K', 3, 4} : new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        byte[] b = Arrays.copyOf(head, head.length + data.length);
        System.arraycopy(data, 0, b, head.length, data.length);
        kerasMustReadOrExplain(b, archive ? "random.keras" : "random.h5");
    }

    @Property(tries = 600)
    void kerasFileMutated(@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 1) int format,
                          @ForAll("positions") List<Integer> at, @ForAll("values") List<Byte> to,
                          @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 40000) int cut) throws Exception {
        kerasMustReadOrExplain(mutate(KERAS_FILES.get(format), at, to, cut % 7 == 0 ? cut : 0),
                format == 0 ? "mutated.h5" : "mutated.keras");
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var s = Files.list(DIR)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(DIR);
    }
}
