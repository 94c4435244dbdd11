package dev.fmnist.data;

import dev.fmnist.util.FmnistException;

/**
 * A problem with the data set that the user can act on: a missing, corrupt or wrong file,
 * or a failed download. The message is one complete sentence meant for the user.
 */
public class DataException extends FmnistException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, null, cause);
    }

    public DataException(String message, Remedy remedy, Throwable cause) {
        super(message, remedy, cause);
    }
}
