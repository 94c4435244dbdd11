package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.Dataset;
import dev.fmnist.ops.Kernels;
import dev.fmnist.train.callbacks.BackupAndRestore;
import dev.fmnist.train.device.Placement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks composed with {@code and} see every event, whatever they are composed with. */
class TrainingListenerTest {
    static final Dataset TRAIN = Synthetic.squares(96, 31);
    static final Dataset VAL = Synthetic.squares(40, 32);
    static final Recipe CONFIG = Preset.APP1.recipe().withModel(m -> m.withFilters(4)).withTraining(tc -> tc.withEpochs(2));

    /** Every event a listener can receive is passed on by the composite {@code and} builds, none left to defaults. */
    @Test
    void andPassesOnEveryEvent() throws Exception {
        Class<?> composite = TrainingListener.SILENT.and(TrainingListener.SILENT).getClass();
        for (Method m : TrainingListener.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getName().equals("and")) {
                continue;
            }
            Method impl = composite.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(composite, impl.getDeclaringClass(), "and() does not pass on " + m.getName());
        }
    }

    /** A listener that records what it is told, and asks for the placement. */
    private static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onTrainBegin(Trainer trainer) {
            events.add("train begin");
        }

        @Override
        public void onEpochBegin(int epoch, int epochs, int steps) {
            events.add("epoch begin " + epoch);
        }

        @Override
        public void onEpochEnd(int epoch, int epochs, EpochLogs logs) {
            events.add("epoch end " + epoch);
        }

        @Override
        public boolean wantsPlacement() {
            return true;
        }

        @Override
        public void onPlacement(Placement placement) {
            events.add("placement " + placement.summary().startsWith("CPU:0"));
        }

        @Override
        public void onInterrupted(TrainingState state) {
            events.add("interrupted at step " + state.step());
        }
    }

    @Test
    void everyEventReachesAListenerComposedWithCheckpointing(@TempDir Path dir) throws Exception {
        for (boolean checkpointFirst : new boolean[] {true, false}) {
            Recorder recorder = new Recorder();
            BackupAndRestore backup = new BackupAndRestore(new CheckpointStore(dir.resolve("c" + checkpointFirst)),
                    "key", false, line -> { });
            TrainingListener both = checkpointFirst ? backup.and(recorder) : recorder.and(backup);
            try (Trainer t = new Trainer(CONFIG, Execution.cpu(1, Kernels.STOCK), TRAIN, VAL)) {
                int[] calls = {0};
                assertThrowsInterrupted(() -> t.fit(TRAIN.allIndices(), VAL, VAL.allIndices(), both,
                        () -> calls[0]++ >= 4));
            }
            assertEquals(List.of("train begin", "epoch begin 0", "placement true", "epoch end 0", "epoch begin 1",
                    "interrupted at step 1"), recorder.events, "checkpointing first: " + checkpointFirst);
            assertEquals(2, new CheckpointStore(dir.resolve("c" + checkpointFirst)).files().size(),
                    "a checkpoint after epoch 1 and one on the interruption");
        }
    }

    private static void assertThrowsInterrupted(org.junit.jupiter.api.function.Executable fit) {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(TrainingInterruptedException.class, fit)
                .state().epoch() == 1);
    }
}
