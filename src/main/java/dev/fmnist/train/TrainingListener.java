package dev.fmnist.train;

/** Keras-style callbacks around {@link Trainer#fit}. */
public interface TrainingListener {
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

    TrainingListener SILENT = new TrainingListener() {};

    /** Both listeners, {@code this} first. */
    default TrainingListener and(TrainingListener other) {
        TrainingListener first = this;
        return new TrainingListener() {
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
        };
    }
}
