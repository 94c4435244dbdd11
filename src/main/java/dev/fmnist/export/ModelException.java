package dev.fmnist.export;

/** A model cannot be saved or loaded; the message is one sentence for the user. */
public class ModelException extends Exception {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
