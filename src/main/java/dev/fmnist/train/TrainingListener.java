package dev.fmnist.train;

import dev.fmnist.train.device.Placement;


/**
 * Keras' callbacks: what {@link Trainer#fit} tells as it goes. Callbacks are composed with
 * {@link #and}, which passes every event on to both.
 */
public interface TrainingListener {
    /**
     * Called when {@code fit} starts, before anything is trained; a callback may {@link Trainer#restore} here.
     *
     * @throws CheckpointStore.CheckpointException when the state to restore cannot be used
     */
    default void onTrainBegin(Trainer trainer) throws CheckpointStore.CheckpointException {}

    /** Called before the first step of epoch {@code epoch} (0-based) of {@code epochs}. */
    default void onEpochBegin(int epoch, int epochs, int steps) {}

    /**
     * Called now and then during an epoch (about every 50 ms) with the running means so far.
     *
     * @param step steps done in this epoch
     */
    default void onProgress(int step, int steps, double loss, double accuracy) {}

    /** Called when epoch {@code epoch} (0-based) ends, validation done. */
    default void onEpochEnd(int epoch, int epochs, EpochLogs logs) {}

    /**
     * Whether to call {@link #onPlacement}: the first step is then traced, which only a listener
     * that asks pays for.
     */
    default boolean wantsPlacement() {
        return false;
    }

    /** Called once, after the trainer's first step, with where TensorFlow ran that step's ops. */
    default void onPlacement(Placement placement) {}

    /** Called when a stop request ends the run between two steps, with the state to resume from. */
    default void onInterrupted(TrainingState state) {}

    TrainingListener SILENT = new TrainingListener() {};

    /** Both listeners, {@code this} first. */
    default TrainingListener and(TrainingListener other) {
        TrainingListener first = this;
        return new TrainingListener() {
            @Override
            public void onTrainBegin(Trainer trainer) throws CheckpointStore.CheckpointException {
                first.onTrainBegin(trainer);
                other.onTrainBegin(trainer);
            }

            @Override
            public void onEpochBegin(int epoch, int epochs, int steps) {
                first.onEpochBegin(epoch, epochs, steps);
                other.onEpochBegin(epoch, epochs, steps);
            }

            @Override
            public void onProgress(int step, int steps, double loss, double accuracy) {
                first.onProgress(step, steps, loss, accuracy);
                other.onProgress(step, steps, loss, accuracy);
            }

            @Override
            public boolean wantsPlacement() {
                return first.wantsPlacement() || other.wantsPlacement();
            }

            @Override
            public void onPlacement(Placement placement) {
                first.onPlacement(placement);
                other.onPlacement(placement);
            }

            @Override
            public void onEpochEnd(int epoch, int epochs, EpochLogs logs) {
                first.onEpochEnd(epoch, epochs, logs);
                other.onEpochEnd(epoch, epochs, logs);
            }

            @Override
            public void onInterrupted(TrainingState state) {
                first.onInterrupted(state);
                other.onInterrupted(state);
            }
        };
    }
}
