package dev.fmnist.export;

import dev.fmnist.util.FmnistException;

/** A model cannot be saved or loaded; the message is one sentence for the user. */
public class ModelException extends FmnistException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, null, cause);
    }

    public ModelException(String message, Remedy remedy, Throwable cause) {
        super(message, remedy, cause);
    }
}
