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

    TrainingListener SILENT = new TrainingListener() {};
}
