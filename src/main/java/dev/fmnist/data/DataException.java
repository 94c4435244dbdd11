package dev.fmnist.data;

/**
 * A problem with the data set that the user can act on: a missing, corrupt or wrong file,
 * or a failed download. The message is one complete sentence meant for the user.
 */
public class DataException extends Exception {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
