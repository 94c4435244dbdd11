package dev.fmnist.ops;

import java.nio.file.Path;

/**
 * Keeps TensorFlow's start-up notices (oneDNN, CPU features, SavedModel reading, MLIR) off the
 * terminal: its C++ logging starts at warnings, and Abseil's INFO lines, which no setting of ours
 * reaches, are taken out of stderr; warnings and errors still show. Called first thing in each
 * entry point, before TensorFlow loads (it does not load it). A user who sets
 * {@code TF_CPP_MIN_LOG_LEVEL}, or passes {@code --tf-log}, gets TensorFlow's own behaviour.
 */
public final class TensorFlowLogs {
    /** TensorFlow's level for warnings: notices (INFO) are below it. */
    private static final int WARNING = 1;

    private TensorFlowLogs() {}

    /**
     * Quiets TensorFlow's notices unless {@code verbose} or the user set {@code TF_CPP_MIN_LOG_LEVEL}.
     * Where our library is missing (a build without gcc), the notices show.
     */
    public static void quiet(boolean verbose) {
        if (verbose || System.getenv("TF_CPP_MIN_LOG_LEVEL") != null) {
            return;
        }
        try {
            Path library = NativeLibrary.locate("fmnist_quiet");
            if (library == null) {
                return;
            }
            System.load(library.toString());
            setMinLogLevel(WARNING);
            if (filterStderr()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    System.err.flush();
                    restoreStderr();
                }, "stderr"));
            }
        } catch (Exception | UnsatisfiedLinkError e) {
            // Notices on the terminal are a nuisance, not a failure.
        }
    }

    private static native boolean setMinLogLevel(int level);

    /**
     * Abseil writes its notices (TensorFlow's copies of it are out of reach of any setting) straight
     * to file descriptor 2: from now on a pipe there passes on everything else.
     */
    private static native boolean filterStderr();

    /** The real stderr back, once everything written before has been passed on. */
    private static native void restoreStderr();
}
