package dev.fmnist.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.export.ModelException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads: a new model saved in place becomes the next version; a broken one is told once and the old one kept. */
class ModelWatcherTest {
    @TempDir
    Path dir;

    /** A model file replaced whole, as a Keras file is saved, with its own time so that its identity changes. */
    private Path save(String content, int second) throws Exception {
        Path tmp = Files.writeString(dir.resolve("new.keras"), content);
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(1_000_000L + second * 1000L));
        return Files.move(tmp, dir.resolve("model.keras"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aNewModelInPlaceIsTheNextVersionAndABrokenOneIsPassedOver() throws Exception {
        Path model = save("first", 1);
        List<String> loads = new ArrayList<>();
        ModelWatcher.Loader loader = path -> {
            String content;
            try {
                content = Files.readString(path);
            } catch (java.io.IOException e) {
                throw new ModelException("The model " + path + " cannot be read.", e);
            }
            loads.add(content);
            if (content.equals("broken")) {
                throw new ModelException("The model " + path + " is broken.");
            }
            return new BatcherTest.Fake(loads.size(), 0, new CountDownLatch(0));
        };
        ServedModel served = new ServedModel(new BatcherTest.Fake(0, 0, new CountDownLatch(0)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ModelWatcher watcher = new ModelWatcher(model, 0, served, loader, new PrintStream(out, true),
                new PrintStream(err, true))) {
            watcher.poll();
            assertEquals(List.of(), loads, "the model it started with is not loaded again");
            assertEquals(1, served.version());

            save("second", 2);
            watcher.poll();
            assertEquals(List.of("second"), loads);
            assertEquals(2, served.version());
            assertEquals(List.of(1L), served.retired());
            assertEquals("Loaded the new model in " + model + " as version 2.",
                    out.toString(StandardCharsets.UTF_8).strip());

            save("broken", 3);
            watcher.poll();
            watcher.poll();
            assertEquals(List.of("second", "broken"), loads, "a broken model is tried once");
            assertEquals(2, served.version(), "and the old one kept");
            assertEquals("Error: the new model in " + model + " was not loaded (The model " + model
                    + " is broken); still serving version 2.", err.toString(StandardCharsets.UTF_8).strip());

            Files.delete(model);
            watcher.poll();
            save("third", 4);
            watcher.poll();
            assertEquals(3, served.version(), "back after the gap of a save");
        }
        served.close();
        assertTrue(served.retired().containsAll(List.of(1L, 2L)));
    }
}
