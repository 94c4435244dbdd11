package dev.fmnist.cli;

import dev.fmnist.data.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small result files (CSV, JSON) written whole or not at all: to a temporary sibling, then renamed. */
final class OutputFiles {
    private OutputFiles() {}

    /** Fails early, before any training, when {@code file} could not be written. */
    static void checkWritable(Path file, String flag) throws UsageException {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new UsageException(flag + " " + file + " is a directory; give a file name.");
        }
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new UsageException(flag + " " + file + " cannot be written: its directory does not exist"
                    + " or is not writable.");
        }
    }

    /** Writes {@code text}; a failure after the work is done is a runtime failure, not a usage error. */
    static void write(Path file, String text) throws IOException {
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
