package dev.fmnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    /**
     * What we write can be read by others as any file the user writes: the permissions the umask
     * gives a new file (usually 0644), not a temporary file's 0600.
     */
    @Test
    void writtenFilesHaveTheUsersUsualPermissions(@TempDir Path dir) throws Exception {
        Path usual = Files.createFile(dir.resolve("usual"));
        Path written = dir.resolve("written.csv");
        AtomicFile.write(written, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(written));
        assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(written));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
        Path usualDir = Files.createDirectory(dir.resolve("usual-dir"));
        Path sibling = AtomicFile.createSibling(dir, ".x.tmp-", "", true);
        assertEquals(Files.getPosixFilePermissions(usualDir), Files.getPosixFilePermissions(sibling));
    }
}
