package dev.fmnist.predict;

import dev.fmnist.util.FmnistException;

/** An image file that cannot be classified; the message is one sentence naming the file. */
public class ImageException extends FmnistException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
