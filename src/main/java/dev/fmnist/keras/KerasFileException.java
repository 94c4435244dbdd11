package dev.fmnist.keras;

import dev.fmnist.util.FmnistException;

/** A Keras model file that cannot be read or written; the message is one sentence naming the file. */
public final class KerasFileException extends FmnistException {
    public KerasFileException(String message) {
        super(message);
    }

    public KerasFileException(String message, Throwable cause) {
        super(message, null, cause);
    }

    public KerasFileException(String message, Remedy remedy) {
        super(message, remedy, null);
    }
}
