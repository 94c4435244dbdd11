package dev.fmnist.train.callbacks;

import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keras' {@code BackupAndRestore}: a checkpoint at the end of every epoch and when the run is
 * interrupted, and, when resuming, the run continued from the newest one at the start of
 * {@code fit}, so that it ends bit for bit as the uninterrupted run would have. Starting afresh
 * clears the directory's old checkpoints.
 *
 * <p>A checkpoint that cannot be written surfaces as an {@link UncheckedIOException}, an unusable
 * one as a {@link CheckpointStore.CheckpointException}, from inside {@code fit}.
 */
public final class BackupAndRestore implements TrainingListener {
    private final CheckpointStore store;
    private final String key;
    private final boolean resume;
    private final Consumer<String> notices;
    private final List<EpochLogs> logged = new ArrayList<>();
    private Trainer trainer;

    /**
     * @param key     identifies the run (its config, and for k-fold the fold); resuming another run's checkpoint is refused
     * @param resume  continue from the newest checkpoint, rather than start afresh
     * @param notices where to say what resuming found (warnings, "Resuming from ...")
     */
    public BackupAndRestore(CheckpointStore store, String key, boolean resume, Consumer<String> notices) {
        this.store = store;
        this.key = key;
        this.resume = resume;
        this.notices = notices;
    }

    @Override
    public void onTrainBegin(Trainer trainer) throws CheckpointStore.CheckpointException {
        this.trainer = trainer;
        try {
            TrainingState from = TrainingState.START;
            if (resume) {
                from = store.newest(key, w -> notices.accept("Warning: " + w)).orElse(TrainingState.START);
                notices.accept(from.isStart() ? "No checkpoint in " + store.dir() + "; starting afresh."
                        : from.epoch() >= trainer.config().epochs()
                        ? "The run in " + store.dir() + " is complete; using its final checkpoint."
                        : "Resuming from epoch " + (from.epoch() + 1) + ", step " + from.step() + " ("
                                + store.dir() + ").");
            } else {
                store.clear();
            }
            trainer.restore(from);
            logged.clear();
            logged.addAll(from.history());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, int epochs, EpochLogs logs) {
        logged.add(logs);
        write(trainer.captureAfterEpoch(epoch, logged));
    }

    @Override
    public void onInterrupted(TrainingState state) {
        write(state);
    }

    private void write(TrainingState state) {
        try {
            store.write(key, state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
