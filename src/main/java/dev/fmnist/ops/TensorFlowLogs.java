package dev.fmnist.ops;

import java.nio.file.Path;
import org.tensorflow.TensorFlow;

/**
 * Keeps TensorFlow's start-up notices (oneDNN, CPU features, SavedModel reading, MLIR) off the
 * terminal: its C++ logging and its Abseil logging start at warnings, and Abseil's INFO lines from
 * the copy we cannot reach are taken out of stderr, so warnings and errors still show. Called first thing in each entry point, before TensorFlow loads. A user who sets
 * {@code TF_CPP_MIN_LOG_LEVEL}, or passes {@code --tf-log}, gets TensorFlow's own behaviour.
 */
public final class TensorFlowLogs {
    /** TensorFlow's and Abseil's level for warnings: notices (INFO) are below it. */
    private static final int WARNING = 1;
    private static final String FRAMEWORK = "libtensorflow_framework.so.2";
    /** {@code absl::SetMinLogLevel(absl::LogSeverityAtLeast)} in the Abseil release TensorFlow 2.18 bundles. */
    private static final String ABSL_SET_MIN_LOG_LEVEL = "_ZN4absl12lts_2023080214SetMinLogLevelENS0_18LogSeverityAtLeastE";

    private TensorFlowLogs() {}

    /**
     * Quiets TensorFlow's notices unless {@code verbose} or the user set {@code TF_CPP_MIN_LOG_LEVEL};
     * loads TensorFlow. Where our library is missing (a build without gcc), the notices show.
     */
    public static void quiet(boolean verbose) {
        if (verbose || System.getenv("TF_CPP_MIN_LOG_LEVEL") != null) {
            return;
        }
        try {
            Path library = NativeLibrary.locate("libfmnist_quiet.so");
            if (library == null) {
                return;
            }
            System.load(library.toString());
            setMinLogLevel(WARNING);
            TensorFlow.version(); // loads TensorFlow's libraries, with the variable now set
            setAbslMinLogLevel(FRAMEWORK, ABSL_SET_MIN_LOG_LEVEL, WARNING);
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

    private static native boolean setAbslMinLogLevel(String library, String symbol, int level);

    /**
     * The Abseil copy inside libtensorflow_cc is out of reach of any setting and writes its notices
     * straight to file descriptor 2: from now on a pipe there passes on everything else.
     */
    private static native boolean filterStderr();

    /** The real stderr back, once everything written before has been passed on. */
    private static native void restoreStderr();
}
