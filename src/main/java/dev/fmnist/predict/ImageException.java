package dev.fmnist.predict;

/** An image file that cannot be classified; the message is one sentence naming the file. */
public class ImageException extends Exception {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
