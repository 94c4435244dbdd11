package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.onnx.OnnxRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX out, as a user runs it: train.jar --save-onnx for Application 1 and for the best preset
 * (batch normalisation), predict.jar --save-onnx from the SavedModel and from a Keras file. In ONNX
 * Runtime every file gives the SavedModel's probabilities on the 10,000 test images within 1e-5 and
 * the error rate train.jar printed; a model that cannot be converted leaves the user's file as it was.
 */
class OnnxJarIT {
    @TempDir
    Path dir;

    @Test
    void trainedAndConvertedModelsGiveTheSavedModelsAnswersInOnnxRuntime() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        Dataset test = FashionMnist.load(DataLocator.SYSTEM_DIR).test();
        float[][] images = dev.fmnist.keras.KerasFixturesTest.firstTestImages(test.count());
        JarRunner.Run app1 = JarRunner.run("train.jar", dir, "--epochs", "1", "--model-dir", "app1", "--save-onnx",
                "app1.onnx", "--save-keras", "app1.keras");
        assertEquals(0, app1.exitCode(), app1.err());
        assertEquals("", app1.err());
        assertTrue(app1.out().endsWith("ONNX model saved to app1.onnx.\n"), app1.out());
        check(dir.resolve("app1"), dir.resolve("app1.onnx"), images, test, errorRate(app1.out()));

        JarRunner.Run best = JarRunner.run("train.jar", dir, "--preset", "best", "--epochs", "1", "--steps-per-epoch",
                "100", "--model-dir", "best", "--save-onnx", "best.onnx");
        assertEquals(0, best.exitCode(), best.err());
        check(dir.resolve("best"), dir.resolve("best.onnx"), images, test, errorRate(best.out()));

        JarRunner.Run fromSaved = JarRunner.run("predict.jar", dir, "--model", "best", "--save-onnx", "saved.onnx");
        assertEquals("Read the SavedModel in best.\nONNX model saved to saved.onnx.\n", fromSaved.out());
        assertEquals(0, fromSaved.exitCode(), fromSaved.err());
        check(dir.resolve("best"), dir.resolve("saved.onnx"), images, test, errorRate(best.out()));

        JarRunner.Run fromKeras = JarRunner.run("predict.jar", dir, "--model", "app1.keras", "--save-onnx", "keras.onnx");
        assertEquals(0, fromKeras.exitCode(), fromKeras.err());
        check(dir.resolve("app1"), dir.resolve("keras.onnx"), images, test, errorRate(app1.out()));
    }

    @Test
    void aModelThatCannotBeConvertedLeavesTheUsersFile() throws Exception {
        Files.writeString(dir.resolve("keep.onnx"), "the user's own file");
        Files.write(dir.resolve("broken.keras"), new byte[] {'P', 'K', 3, 4, 0, 0});
        JarRunner.Run broken = JarRunner.run("predict.jar", dir, "--model", "broken.keras", "--save-onnx", "keep.onnx");
        assertEquals(1, broken.exitCode());
        assertEquals("", broken.out());
        assertTrue(broken.err().matches("Error: The file broken.keras is not a readable zip archive \\([^\\n]*\\)\\.\\n"),
                broken.err());
        JarRunner.Run missing = JarRunner.run("predict.jar", dir, "--model", "nowhere", "--save-onnx", "keep.onnx");
        assertEquals(1, missing.exitCode());
        assertEquals("Error: The model directory nowhere does not exist. Train a model first (java -jar train.jar) or"
                + " pass --model.\n", missing.err());
        assertEquals("the user's own file", Files.readString(dir.resolve("keep.onnx")));
    }

    private static double errorRate(String out) {
        Matcher m = Pattern.compile("Classification Error Rate: ([0-9.]+)%").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    /** The ONNX file against the SavedModel (or Keras file) it came from, and the error rate train.jar printed. */
    private static void check(Path model, Path onnx, float[][] images, Dataset test, double printedErrorRate)
            throws Exception {
        OnnxRuntime.Answers answers = OnnxRuntime.compare(model, onnx, images);
        float[][] ours = answers.ours();
        float[][] theirs = answers.onnx();
        int[] labels = test.labelArray();
        int correct = OnnxRuntime.correct(theirs, labels);
        assertEquals(OnnxRuntime.correct(ours, labels), correct, onnx.toString());
        assertEquals(printedErrorRate, 100.0 * (test.count() - correct) / test.count(), 1e-9, onnx.toString());
    }
}
