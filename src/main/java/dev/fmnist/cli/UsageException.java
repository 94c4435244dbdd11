package dev.fmnist.cli;

import dev.fmnist.util.FmnistException;

/** A wrong or malformed command-line flag: reported in one sentence with exit code 2. */
public class UsageException extends FmnistException {
    public UsageException(String message) {
        super(message);
    }
}
