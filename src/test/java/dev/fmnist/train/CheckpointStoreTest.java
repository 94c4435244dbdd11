package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.util.FmnistException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    static TrainingState state(int epoch, int step) {
        return new TrainingState(epoch, step, 1.25, List.of(new EpochLogs(0.5, 0.8, 0.4, 0.85, 3.5, 20)),
                Map.of("dense/kernel", new TrainingState.Value(1, new long[] {2, 3}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                        "train/step", new TrainingState.Value(9, new long[] {}, new byte[] {9, 0, 0, 0, 0, 0, 0, 0})));
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("ck"));
        store.write("run A", state(2, 7));
        TrainingState back = store.newest("run A", w -> { }).orElseThrow();
        assertEquals(2, back.epoch());
        assertEquals(7, back.step());
        assertEquals(1.25, back.elapsedSeconds());
        assertEquals(state(2, 7).history(), back.history());
        assertArrayEquals(new long[] {2, 3}, back.variables().get("dense/kernel").shape());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, back.variables().get("dense/kernel").bytes());
    }

    @Test
    void keepsTheTwoNewestAndPassesOverACorruptOne() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        store.write("k", state(1, 0));
        store.write("k", state(2, 0));
        Path newest = store.write("k", state(3, 0));
        assertEquals(2, store.files().size());
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length - 30));
        List<String> warnings = new ArrayList<>();
        assertEquals(2, store.newest("k", warnings::add).orElseThrow().epoch());
        assertEquals("The checkpoint " + newest + " is truncated or corrupt (its checksum does not match);"
                + " passing over it.", warnings.get(0));
    }

    @Test
    void nothingUsableIsOneSentenceNamingTheFile() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        Path only = store.write("k", state(1, 0));
        byte[] bytes = Files.readAllBytes(only);
        bytes[40] ^= 0x5a;
        Files.write(only, bytes);
        CheckpointStore.CheckpointException e = assertThrows(CheckpointStore.CheckpointException.class,
                () -> store.newest("k", w -> { }));
        assertTrue(e.getMessage().contains(only.toString()), e.getMessage());
        assertEquals(FmnistException.Remedy.CHECKPOINT_UNUSABLE, e.remedy().orElseThrow());
        Files.writeString(only, "garbage");
        assertThrows(CheckpointStore.CheckpointException.class, () -> store.newest("k", w -> { }));
        store.clear();
        assertTrue(store.newest("k", w -> { }).isEmpty());
    }

    @Test
    void leftoversOfAKilledWriteAreIgnoredThenCleared() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        store.write("k", state(1, 0));
        Path leftover = Files.write(dir.resolve(".ckpt-123.tmp"), new byte[] {1, 2, 3});
        assertEquals(1, store.newest("k", w -> { }).orElseThrow().epoch());
        store.write("k", state(2, 0));
        assertTrue(Files.notExists(leftover));
    }

    @Test
    void anotherRunsCheckpointIsRefused() throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        store.write("config A", state(1, 0));
        CheckpointStore.CheckpointException e = assertThrows(CheckpointStore.CheckpointException.class,
                () -> store.newest("config B", w -> { }));
        assertTrue(e.getMessage().contains("another run (config A)"), e.getMessage());
        assertEquals(FmnistException.Remedy.CHECKPOINT_OF_ANOTHER_RUN, e.remedy().orElseThrow());
    }
}
