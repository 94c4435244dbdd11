package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal run of each jar prints nothing on stderr that the project did not write: none of
 * TensorFlow's start-up notices (its C++ logging, or the Abseil lines of the copy inside
 * libtensorflow_cc). {@code --tf-log} brings them back.
 */
class QuietTerminalIT {
    @TempDir
    Path work;

    @BeforeAll
    static void needsTheDataSet() {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
    }

    @Test
    void eachJarIsQuietUnlessAskedNot() throws Exception {
        JarRunner.Run train = JarRunner.run("train.jar", work, "--epochs", "1", "--model-dir", "m");
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("", train.err());
        assertTrue(train.out().contains("Model saved to"), train.out());

        // Tracing steps on the CPU, TensorFlow's profiler warns that it collected no GPU trace.
        JarRunner.Run profile = JarRunner.run("train.jar", work, "--profile-steps", "20");
        assertEquals(0, profile.exitCode(), profile.err());
        assertEquals("", profile.err());
        assertTrue(profile.out().contains("ms/step"), profile.out());

        JarRunner.Run samples = JarRunner.run("train.jar", work, "--export-samples", "img");
        assertEquals(0, samples.exitCode(), samples.err());
        JarRunner.Run predict = JarRunner.run("predict.jar", work, "--model", "m", "img/pullover.png");
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals("", predict.err());
        assertTrue(predict.out().startsWith("Predicted class: "), predict.out());

        JarRunner.Run kfold = JarRunner.run("kfold.jar", work, "--folds", "2", "--fold", "0", "--epochs", "1");
        assertEquals(0, kfold.exitCode(), kfold.err());
        assertEquals("", kfold.err());

        // The project's own sentences still come through the filter, whole.
        JarRunner.Run missing = JarRunner.run("predict.jar", work, "--model", "m", "img/pullover.png", "nothere.png");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().matches("Error: [^\\n]*nothere\\.png[^\\n]*\\.\\n"), missing.err());

        JarRunner.Run loud = JarRunner.run("predict.jar", work, "--model", "m", "img/pullover.png", "--tf-log");
        assertEquals(0, loud.exitCode(), loud.err());
        assertTrue(loud.err().contains("tensorflow/"), "TensorFlow's notices with --tf-log: " + loud.err());
        assertTrue(loud.err().contains("I0000 ") || loud.err().contains("MLIR"), loud.err());
    }
}
