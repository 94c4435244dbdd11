package dev.fmnist.export;

import dev.fmnist.util.FmnistException;
import dev.fmnist.data.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces a model directory without ever leaving it broken. The new model is written to a
 * temporary sibling; the old directory is renamed aside, the new one renamed into place, and
 * only then the old one deleted. A run killed between the two renames leaves the old model under
 * a {@code .NAME.old-*} sibling, which {@link #recover} puts back.
 */
public final class ModelDirectory {
    /** The file every SavedModel directory holds. */
    public static final String SAVED_MODEL_FILE = "saved_model.pb";

    private final Path target;

    public ModelDirectory(Path target) {
        this.target = target.toAbsolutePath().normalize();
    }

    public Path target() {
        return target;
    }

    private Path parent() {
        return target.getParent();
    }

    private String name() {
        return target.getFileName().toString();
    }

    /**
     * Checks, before any work is done, that a model can be saved here without destroying anything
     * the user had: the target is absent, empty or an earlier SavedModel, and the parent is writable.
     */
    public void checkWritable() throws ModelException {
        recover();
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new ModelException("The model path " + target + " is a file, not a directory.",
                        FmnistException.Remedy.MODEL_OUTPUT, null);
            }
            if (!isSavedModel(target) && !isEmpty(target)) {
                throw new ModelException("The directory " + target + " is not a SavedModel and not empty;"
                        + " refusing to replace it.", FmnistException.Remedy.MODEL_OUTPUT, null);
            }
        }
        try {
            Files.createDirectories(parent());
            Path probe = AtomicFile.createSibling(parent(), "." + name() + ".probe-", "", true);
            Files.delete(probe);
        } catch (IOException e) {
            throw new ModelException("Cannot write the model to " + target + ": " + describe(e) + ".",
                    FmnistException.Remedy.MODEL_OUTPUT, e);
        }
    }

    /** Whether {@code dir} looks like a SavedModel directory. */
    public static boolean isSavedModel(Path dir) {
        return Files.isRegularFile(dir.resolve(SAVED_MODEL_FILE));
    }

    /** Refuses, in one sentence, a directory that does not exist or is not a SavedModel. */
    public static void requireSavedModel(Path dir) throws ModelException {
        if (!Files.isDirectory(dir)) {
            throw new ModelException("The model directory " + dir + " does not exist.",
                    FmnistException.Remedy.MODEL_INPUT, null);
        }
        if (!isSavedModel(dir)) {
            throw new ModelException("The directory " + dir + " is not a SavedModel (it has no " + SAVED_MODEL_FILE + ").");
        }
    }

    /** A fresh temporary sibling to write the new model into. */
    public Path newTemporary() throws IOException {
        Files.createDirectories(parent());
        return AtomicFile.createSibling(parent(), "." + name() + ".tmp-", "", true);
    }

    /** Moves the finished model {@code written} into place, replacing the previous one. */
    public void replaceWith(Path written) throws IOException {
        if (Files.exists(target)) {
            Path old = AtomicFile.createSibling(parent(), "." + name() + ".old-", "", true);
            Files.delete(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(old);
        } else {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Puts the previous model back when a save was interrupted between its two renames, and
     * clears temporary siblings that an interrupted save left behind.
     */
    public void recover() {
        Path parent = parent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        List<Path> olds = siblings(".old-");
        if (!Files.exists(target)) {
            for (Path old : olds) {
                if (isSavedModel(old)) {
                    try {
                        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                        break;
                    } catch (IOException ignored) {
                        // Try the next one; if none moves, the user still has them on disk.
                    }
                }
            }
        }
        if (Files.exists(target)) {
            for (Path leftover : siblings(".old-")) {
                quietlyDelete(leftover);
            }
        }
        for (Path tmp : siblings(".tmp-")) {
            quietlyDelete(tmp);
        }
    }

    private List<Path> siblings(String marker) {
        List<Path> found = new ArrayList<>();
        String prefix = "." + name() + marker;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent(), "." + name() + "*")) {
            for (Path p : stream) {
                if (p.getFileName().toString().startsWith(prefix)) {
                    found.add(p);
                }
            }
        } catch (IOException ignored) {
            // An unreadable parent is reported by checkWritable.
        }
        return found;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void quietlyDelete(Path p) {
        try {
            deleteRecursively(p);
        } catch (IOException ignored) {
            // Leftovers are hidden siblings; the next save tries again.
        }
    }

    /** Deletes {@code root} and everything under it. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
