package dev.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.ops.Kernels;
import dev.fmnist.predict.Predictor;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model directory on a file system that turns read-only: one sentence, the previous model intact. */
class ReadOnlyOutputIT {
    @TempDir
    Path dir;

    private static int sh(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    }

    @Test
    void readOnlyDirectoryKeepsThePreviousModel() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("mnt"));
        assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mount.toString()) == 0,
                "needs root to mount a file system that can be made read-only");
        try {
            Path target = mount.resolve("model");
            Recipe config = Preset.APP1.recipe().withModel(m -> m.withFilters(4).withDenseUnits(8));
            try (Trainer t = new Trainer(config, Execution.cpu(1, Kernels.STOCK), Synthetic.squares(32, 1))) {
                Map<String, float[]> first = t.weightValues();
                SavedModelExporter.export(config.model(), first, new ModelDirectory(target));
                assertEquals(0, sh("mount", "-o", "remount,ro", mount.toString()));

                assertTrue(assertRefusedKeepingThePrevious(t, config, target).contains("read-only"));
            }
        } finally {
            sh("umount", mount.toString());
        }
    }

    /**
     * The same as an ordinary user: a parent directory without write permission (root writes
     * anywhere, so there the mounted file system above is the test).
     */
    @Test
    void readOnlyParentDirectoryKeepsThePreviousModel() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("ro"));
        Path target = parent.resolve("model");
        Recipe config = Preset.APP1.recipe().withModel(m -> m.withFilters(4).withDenseUnits(8));
        try (Trainer t = new Trainer(config, Execution.cpu(1, Kernels.STOCK), Synthetic.squares(32, 1))) {
            SavedModelExporter.export(config.model(), t.weightValues(), new ModelDirectory(target));
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
            try {
                assumeTrue(!Files.isWritable(parent), "root writes to any directory; the mount test covers root");
                assertRefusedKeepingThePrevious(t, config, target);
            } finally {
                Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    /**
     * Writing to {@code target} is refused before training and again at the save, each in one sentence
     * naming it, and the previous model still loads; returns the first refusal.
     */
    private static String assertRefusedKeepingThePrevious(Trainer t, Recipe config, Path target) throws Exception {
        ModelException early = assertThrows(ModelException.class, () -> new ModelDirectory(target).checkWritable());
        assertTrue(early.getMessage().startsWith("Cannot write the model to " + target), early.getMessage());
        Map<String, float[]> second = t.weightValues();
        second.get("dense_1/bias")[0] = 42f;
        ModelException late = assertThrows(ModelException.class,
                () -> SavedModelExporter.export(config.model(), second, new ModelDirectory(target)));
        assertTrue(late.getMessage().contains(target.toString()), late.getMessage());
        try (Predictor p = Predictor.load(target)) {
            assertEquals(10, p.predict(new float[][] {new float[784]})[0].length, "the previous model loads");
        }
        return early.getMessage();
    }
}
