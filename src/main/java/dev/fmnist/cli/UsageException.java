package dev.fmnist.cli;

/** A wrong or malformed command-line flag: reported in one sentence with exit code 2. */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
