package dev.fmnist.serve;

import dev.fmnist.export.ModelDirectory;
import dev.fmnist.export.ModelException;
import dev.fmnist.predict.Predictor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reloads the served model when a new one appears where it was loaded from: train.jar saves a
 * SavedModel by renaming a finished directory into place, and a Keras file is replaced whole, so
 * a changed identity (inode, time, size) means a complete new model. It is loaded, warmed up and
 * only then made current; a model that fails to load is reported once and the old one kept.
 * Nothing on disk is changed.
 */
final class ModelWatcher implements AutoCloseable {
    /** Loads and warms up a model from disk. */
    interface Loader {
        Predictor load(Path model) throws ModelException;
    }

    private final Path model;
    private final ServedModel served;
    private final Loader loader;
    private final PrintStream out;
    private final PrintStream err;
    private final ScheduledExecutorService timer;
    private String loaded;
    private String failed;

    /** @param everySeconds how often to look; 0 never on its own (then {@link #poll} looks) */
    ModelWatcher(Path model, double everySeconds, ServedModel served, Loader loader, PrintStream out, PrintStream err) {
        this.model = model;
        this.served = served;
        this.loader = loader;
        this.out = out;
        this.err = err;
        this.loaded = stamp(model);
        this.timer = Executors.newSingleThreadScheduledExecutor(ModelServer.daemon("model-watcher"));
        if (everySeconds > 0) {
            long millis = Math.max(10, Math.round(everySeconds * 1000));
            timer.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Looks once: a new, complete model where the served one came from is loaded and made current. */
    void poll() {
        String now = stamp(model);
        if (now == null || now.equals(loaded) || now.equals(failed)) {
            return;
        }
        try {
            // A save still under way would show a different identity a moment later.
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!now.equals(stamp(model))) {
            return;
        }
        try {
            Predictor next = loader.load(model);
            long version = served.replace(next);
            loaded = now;
            out.println("Loaded the new model in " + model + " as version " + version + ".");
        } catch (ModelException | RuntimeException e) {
            failed = now;
            err.println("Error: the new model in " + model + " was not loaded (" + e.getMessage().replaceAll("\\.$", "")
                    + "); still serving version " + served.version() + ".");
        }
    }

    /** What identifies the model on disk now, or null while it is absent (between a save's two renames). */
    static String stamp(Path model) {
        try {
            if (Files.isDirectory(model)) {
                return identity(model) + identity(model.resolve(ModelDirectory.SAVED_MODEL_FILE))
                        + identity(model.resolve("variables").resolve("variables.index"));
            }
            return identity(model);
        } catch (IOException e) {
            return null;
        }
    }

    private static String identity(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return a.fileKey() + "@" + a.lastModifiedTime().toMillis() + "#" + a.size() + ";";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
