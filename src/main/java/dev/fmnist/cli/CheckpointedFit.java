package dev.fmnist.cli;

import dev.fmnist.data.Dataset;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.History;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingDivergedException;
import dev.fmnist.train.TrainingInterruptedException;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Trainer#fit} with what the command line adds: a checkpoint at the end of every epoch and
 * on interruption (with {@code --checkpoint-dir}), continuing from the newest one (with
 * {@code --resume}), and stopping between two steps when a signal arrives.
 */
final class CheckpointedFit {
    private final CheckpointStore store;
    private final boolean resume;
    private final Interruption interruption;
    private final PrintStream err;

    /** @param store null when no checkpoints are kept */
    CheckpointedFit(CheckpointStore store, boolean resume, Interruption interruption, PrintStream err) {
        this.store = store;
        this.resume = resume;
        this.interruption = interruption;
        this.err = err;
    }

    /** The checkpoint flags' values, checked before any work is done. */
    static CheckpointStore storeFrom(String dir, boolean resume) throws UsageException {
        if (dir == null) {
            if (resume) {
                throw new UsageException("--resume needs --checkpoint-dir DIR, the directory of the run to continue.");
            }
            return null;
        }
        Path path = Path.of(dir);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UsageException("--checkpoint-dir " + dir + " cannot be created: " + e.getMessage() + ".");
        }
        if (!Files.isWritable(path)) {
            throw new UsageException("--checkpoint-dir " + dir + " is not writable.");
        }
        return new CheckpointStore(path);
    }

    boolean checkpointing() {
        return store != null;
    }

    History fit(Trainer trainer, String key, int[] trainIdx, Dataset valSet, int[] valIdx, TrainingListener progress)
            throws TrainingDivergedException, TrainingInterruptedException, CheckpointStore.CheckpointException,
            IOException {
        TrainingState from = TrainingState.START;
        if (store != null) {
            if (resume) {
                from = store.newest(key, w -> err.println("Warning: " + w)).orElse(TrainingState.START);
                if (from.isStart()) {
                    err.println("No checkpoint in " + store.dir() + "; starting afresh.");
                } else if (from.epoch() >= trainer.config().epochs()) {
                    err.println("The run in " + store.dir() + " is complete; using its final checkpoint.");
                } else {
                    err.println("Resuming from epoch " + (from.epoch() + 1) + ", step " + from.step() + " ("
                            + store.dir() + ").");
                }
            } else {
                store.clear();
            }
        }
        List<EpochLogs> logged = new ArrayList<>(from.history());
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochBegin(int epoch, int epochs, int steps) {
                progress.onEpochBegin(epoch, epochs, steps);
            }

            @Override
            public void onProgress(int step, int steps, double loss, double accuracy) {
                progress.onProgress(step, steps, loss, accuracy);
            }

            @Override
            public void onEpochEnd(int epoch, int epochs, EpochLogs logs) {
                progress.onEpochEnd(epoch, epochs, logs);
                logged.add(logs);
                if (store != null) {
                    try {
                        store.write(key, trainer.captureAfterEpoch(epoch, logged));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
        try {
            return trainer.fit(trainIdx, valSet, valIdx, listener, from, interruption::requested);
        } catch (TrainingInterruptedException e) {
            if (store != null) {
                store.write(key, e.state());
            }
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The one sentence printed when a signal stopped the run. */
    String interruptedMessage(TrainingInterruptedException e, String jar) {
        TrainingState s = e.state();
        String where = "Interrupted in epoch " + (s.epoch() + 1) + " after step " + s.step() + "; ";
        return store != null
                ? where + "resume with the same command and --resume (checkpoint in " + store.dir() + ")."
                : where + "nothing was saved; with --checkpoint-dir DIR a run can be resumed (java -jar " + jar + ").";
    }
}
