package dev.fmnist.keras;

/** A Keras model file that cannot be read or written; the message is one sentence naming the file. */
public final class KerasFileException extends Exception {
    public KerasFileException(String message) {
        super(message);
    }

    public KerasFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
