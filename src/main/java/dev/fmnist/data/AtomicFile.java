package dev.fmnist.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * A file written whole or not at all: the bytes go to a hidden temporary sibling
 * ({@code .NAME*.tmp}), are forced to disk, and the sibling is renamed over the target. A crash
 * leaves the previous file or the new one, never a part of either.
 */
public final class AtomicFile {
    private AtomicFile() {}

    public static void write(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = createSibling(target.getParent(), "." + target.getFileName(), ".tmp", false);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new, uniquely named file or directory {@code PREFIX<random>SUFFIX} in {@code dir}, with the
     * permissions the user's umask gives (0644 and 0755 as usual), so that what is renamed into place
     * from it can be read by others as any file the user writes. ({@code Files.createTempFile} and
     * {@code createTempDirectory} make them 0600 and 0700.)
     */
    public static Path createSibling(Path dir, String prefix, String suffix, boolean directory) throws IOException {
        while (true) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return directory ? Files.createDirectory(p) : Files.createFile(p);
            } catch (FileAlreadyExistsException taken) {
                // Another name, then.
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
}
