package dev.fmnist.cli;

/** The exit codes of every entry point. */
public final class ExitCode {
    public static final int OK = 0;
    /** A runtime failure: bad data, a model that cannot be saved, a diverged run. */
    public static final int FAILURE = 1;
    /** A usage error: a wrong or malformed flag. */
    public static final int USAGE = 2;

    private ExitCode() {}
}
