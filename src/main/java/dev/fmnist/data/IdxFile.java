package dev.fmnist.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file as Fashion-MNIST ships it: a big-endian int32 magic, one big-endian int32 per
 * dimension, then unsigned bytes. Reads gzip-compressed or plain files.
 *
 * @param magic      the magic number (2049 for a vector, 2051 for a stack of images)
 * @param dimensions the sizes of each dimension, outermost first
 * @param data       the payload, one unsigned byte per element
 * @param raw        the whole uncompressed file, header included, for hashing
 */
public record IdxFile(int magic, int[] dimensions, byte[] data, byte[] raw) {

    /** Upper bound on a plausible file, so that a corrupt header cannot ask for gigabytes. */
    private static final long MAX_BYTES = 256L * 1024 * 1024;

    private static final int GZIP_MAGIC = 0x8b1f;

    /** The unsigned-byte element type code of IDX; Fashion-MNIST uses no other. */
    private static final int UBYTE_TYPE = 0x08;

    /** Reads and parses an IDX file, gzip or not; every failure names the file. */
    public static IdxFile read(Path path) throws DataException {
        byte[] bytes;
        try {
            bytes = uncompressedBytes(path);
        } catch (EOFException | ZipException e) {
            throw new DataException("The file " + path + " is a truncated or corrupt gzip file;"
                    + " delete it and fetch the data set again.", e);
        } catch (IOException e) {
            throw new DataException("Cannot read " + path + ": " + describe(e) + ".", e);
        }
        return parse(path.toString(), bytes);
    }

    /** Parses the uncompressed bytes of an IDX file; {@code name} is used in messages. */
    public static IdxFile parse(String name, byte[] bytes) throws DataException {
        if (bytes.length < 4) {
            throw new DataException("The file " + name + " is too short to be an IDX file ("
                    + bytes.length + " bytes).");
        }
        int magic = readInt(bytes, 0);
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UBYTE_TYPE || rank < 1 || rank > 4) {
            throw new DataException(String.format(
                    "The file %s is not an unsigned-byte IDX file (magic number 0x%08x).", name, magic));
        }
        int headerBytes = 4 + 4 * rank;
        if (bytes.length < headerBytes) {
            throw new DataException("The file " + name + " is truncated inside its IDX header.");
        }
        int[] dims = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = readInt(bytes, 4 + 4 * i);
            if (dims[i] < 0) {
                throw new DataException("The file " + name + " has a negative dimension in its IDX header.");
            }
            elements *= dims[i];
            if (elements > MAX_BYTES) {
                throw new DataException("The file " + name + " claims an implausible size in its IDX header.");
            }
        }
        long expected = headerBytes + elements;
        if (bytes.length != expected) {
            throw new DataException(String.format(
                    "The file %s is %s: its header promises %d bytes of data, it holds %d.", name,
                    bytes.length < expected ? "truncated" : "too long", elements, bytes.length - headerBytes));
        }
        byte[] data = Arrays.copyOfRange(bytes, headerBytes, bytes.length);
        return new IdxFile(magic, dims, data, bytes);
    }

    /** The whole file, decompressed when it starts with the gzip magic. */
    static byte[] uncompressedBytes(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new IOException("it is larger than any Fashion-MNIST file (" + size + " bytes)");
        }
        try (InputStream file = new BufferedInputStream(Files.newInputStream(path))) {
            file.mark(2);
            int b0 = file.read();
            int b1 = file.read();
            file.reset();
            boolean gzip = b0 >= 0 && b1 >= 0 && ((b1 << 8) | b0) == GZIP_MAGIC;
            if (!gzip) {
                return file.readAllBytes();
            }
            try (InputStream in = new GZIPInputStream(file, 1 << 16)) {
                return readBounded(in);
            }
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > MAX_BYTES) {
                throw new IOException("it decompresses to more than any Fashion-MNIST file");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static int readInt(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16)
                | ((b[offset + 2] & 0xff) << 8) | (b[offset + 3] & 0xff);
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Writes an IDX header and payload; used by tests and tools that make small data sets. */
    public static byte[] encode(int magic, int[] dims, byte[] data) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buffer.putInt(magic);
        for (int d : dims) {
            buffer.putInt(d);
        }
        buffer.put(data);
        return buffer.array();
    }

}
