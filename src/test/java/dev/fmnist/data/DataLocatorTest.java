package dev.fmnist.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    @TempDir
    Path root;

    private Path complete(String name) throws Exception {
        Path d = Files.createDirectories(root.resolve(name));
        for (DatasetFile f : DatasetFile.values()) {
            Files.write(d.resolve(f.gzipName()), new byte[] {1});
        }
        return d;
    }

    @Test
    void searchesEnvThenKerasCacheThenSystem() throws Exception {
        Path home = Files.createDirectories(root.resolve("home"));
        Path env = root.resolve("env");
        Path system = root.resolve("system");
        DataLocator locator = new DataLocator(home, Map.of(DataLocator.ENV_VAR, env.toString()), system);
        assertEquals(List.of(env, home.resolve(".keras/datasets/fashion-mnist"), system), locator.searchPath());

        assertEquals(Optional.empty(), locator.locate(null));
        complete("system");
        assertEquals(Optional.of(system), locator.locate(null));
        Files.createDirectories(home.resolve(".keras/datasets"));
        Files.move(complete("keras"), home.resolve(".keras/datasets/fashion-mnist"));
        assertEquals(Optional.of(home.resolve(".keras/datasets/fashion-mnist")), locator.locate(null));
        complete("env");
        assertEquals(Optional.of(env), locator.locate(null));
    }

    @Test
    void explicitDirectoryWinsAndMustBeComplete() throws Exception {
        DataLocator locator = new DataLocator(root, Map.of(), complete("system"));
        Path mine = complete("mine");
        assertEquals(Optional.of(mine), locator.locate(mine));

        Files.delete(mine.resolve(DatasetFile.TEST_LABELS.gzipName()));
        DataException e = assertThrows(DataException.class, () -> locator.locate(mine));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());

        DataException absent = assertThrows(DataException.class, () -> locator.locate(root.resolve("nope")));
        assertTrue(absent.getMessage().contains("does not exist"), absent.getMessage());
    }

    @Test
    void uncompressedFilesCount() throws Exception {
        Path d = Files.createDirectories(root.resolve("plain"));
        for (DatasetFile f : DatasetFile.values()) {
            Files.write(d.resolve(f.baseName()), new byte[] {1});
        }
        assertTrue(FashionMnist.isComplete(d));
        assertEquals(d.resolve("train-images-idx3-ubyte"), FashionMnist.pathIn(d, DatasetFile.TRAIN_IMAGES));
    }
}
