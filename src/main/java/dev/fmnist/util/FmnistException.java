package dev.fmnist.util;

import java.util.Optional;

/**
 * Every failure of ours that a user can act on: a bad flag, a missing or corrupt file, a model
 * that cannot be saved, a run that diverged. The message is one sentence that says what is wrong,
 * in the terms of the code that found it; what the user can change about it (a flag to give, a
 * command to run) is named by its {@link Remedy}, which the command line words, since only it
 * knows its flags. The command line reports each in one sentence, never as a stack trace.
 */
public abstract class FmnistException extends Exception {
    /** What the user can change about a failure, for the command line to word. */
    public enum Remedy {
        /** The data set is not here and may not be downloaded. */
        DATA_OFFLINE,
        /** The data set could not be downloaded. */
        DATA_DOWNLOAD,
        /** The model cannot be saved where it was to go. */
        MODEL_OUTPUT,
        /** There is no model where one was to be read. */
        MODEL_INPUT,
        /** A checkpoint in the directory belongs to another run. */
        CHECKPOINT_OF_ANOTHER_RUN,
        /** The directory has checkpoints, none of them usable. */
        CHECKPOINT_UNUSABLE,
        /** The loss diverged at the run's learning rate. */
        LEARNING_RATE,
        /** The server cannot listen where it was to. */
        ADDRESS,
        /** A Keras file's layers are not the architecture the run describes. */
        ARCHITECTURE,
        /** A SavedModel of an earlier version, which did not record its layers, is to be converted. */
        LAYERS_UNRECORDED
    }

    private final Remedy remedy;

    protected FmnistException(String message, Remedy remedy, Throwable cause) {
        super(message, cause);
        this.remedy = remedy;
    }

    protected FmnistException(String message) {
        this(message, null, null);
    }

    /** What the user can change, when the message alone does not say. */
    public Optional<Remedy> remedy() {
        return Optional.ofNullable(remedy);
    }
}
