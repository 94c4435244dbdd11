package dev.fmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    static byte[] images(int n) {
        byte[] data = new byte[n * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        return IdxFile.encode(2051, new int[] {n, 2, 2}, data);
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsPlainAndGzipAlike() throws Exception {
        byte[] raw = images(3);
        Path plain = Files.write(dir.resolve("a"), raw);
        Path gz = Files.write(dir.resolve("a.gz"), gzip(raw));
        IdxFile p = IdxFile.read(plain);
        IdxFile g = IdxFile.read(gz);
        assertEquals(2051, p.magic());
        assertArrayEquals(new int[] {3, 2, 2}, p.dimensions());
        assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), p.data());
        assertArrayEquals(p.data(), g.data());
        assertArrayEquals(raw, g.raw());
    }

    @Test
    void truncatedPayloadIsNamed() throws Exception {
        byte[] raw = images(3);
        Path f = Files.write(dir.resolve("short"), Arrays.copyOf(raw, raw.length - 1));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedGzipIsNamed() throws Exception {
        byte[] gz = gzip(images(50));
        Path f = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() throws Exception {
        byte[] raw = images(1);
        raw[2] = 0x0D; // float element type, which Fashion-MNIST never uses
        Path f = Files.write(dir.resolve("float"), raw);
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void textFileIsRejected() throws Exception {
        Path f = Files.writeString(dir.resolve("readme"), "this is not an IDX file at all");
        assertThrows(DataException.class, () -> IdxFile.read(f));
    }

    @Test
    void extraBytesAreRejected() throws Exception {
        byte[] raw = images(2);
        Path f = Files.write(dir.resolve("long"), Arrays.copyOf(raw, raw.length + 3));
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nothing-here");
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
