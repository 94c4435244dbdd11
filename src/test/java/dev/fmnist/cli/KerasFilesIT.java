package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras model files through the jars, as the README's "Keras files" section uses them. */
class KerasFilesIT {
    static final Path SHARED = Path.of("../shared/keras");

    @TempDir
    Path work;

    @BeforeAll
    static void needsTheDataSet() {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
    }

    /** Class probabilities predict.jar prints with --json, image by image. */
    private static List<double[]> probabilities(String json) {
        List<double[]> all = new ArrayList<>();
        Pattern number = Pattern.compile(": ([-0-9.Ee]+)");
        for (String line : json.lines().toList()) {
            int at = line.indexOf("\"probabilities\": {");
            Matcher m = number.matcher(line.substring(at, line.indexOf('}', at)));
            double[] p = new double[10];
            for (int k = 0; k < 10 && m.find(); k++) {
                p[k] = Double.parseDouble(m.group(1));
            }
            all.add(p);
        }
        return all;
    }

    private static void assertSameProbabilities(List<double[]> a, List<double[]> b, double tolerance) {
        assertEquals(a.size(), b.size());
        assertFalse(a.isEmpty());
        for (int i = 0; i < a.size(); i++) {
            for (int k = 0; k < 10; k++) {
                assertEquals(a.get(i)[k], b.get(i)[k], tolerance, "image " + i + ", class " + k);
            }
        }
    }

    private List<double[]> predict(String model, List<String> images) throws Exception {
        List<String> args = new ArrayList<>(List.of("--model", model, "--json", "--invert", "no"));
        args.addAll(images);
        JarRunner.Run r = JarRunner.run("predict.jar", work, args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return probabilities(r.out());
    }

    private List<String> testImages() throws Exception {
        JarRunner.Run r = JarRunner.run("train.jar", work, "--export-samples", "img", "--export-test-images", "8");
        assertEquals(0, r.exitCode(), r.err());
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(String.format("img/test-%05d.png", i));
        }
        return images;
    }

    /** The README's table for ../shared/keras: each file's test accuracy, and .h5 and .keras of one model alike. */
    @Test
    void realKerasFilesScoreAsKerasDid() throws Exception {
        assumeTrue(Files.isDirectory(SHARED), "needs ../shared/keras");
        for (String[] row : new String[][] {{"cnn_keras3.h5", "0.9067"}, {"cnn_keras3.keras", "0.9067"},
                {"mlp_tfkeras2.h5", "0.8785"}}) {
            JarRunner.Run r = JarRunner.run("predict.jar", work, "--model", SHARED.resolve(row[0]).toAbsolutePath().toString(),
                    "--evaluate");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().startsWith("Test accuracy: " + row[1] + "\n"), row[0] + ": " + r.out());
            assertTrue(r.out().contains("Classification Error Rate: ") && r.out().contains("Confusion matrix"), r.out());
        }
        List<String> images = testImages();
        assertSameProbabilities(predict(SHARED.resolve("cnn_keras3.h5").toAbsolutePath().toString(), images),
                predict(SHARED.resolve("cnn_keras3.keras").toAbsolutePath().toString(), images), 1e-7);
    }

    /**
     * The real Keras files as ONNX (predict.jar --save-onnx): in ONNX Runtime each gives our
     * probabilities on the 10,000 test images within 1e-5, and the test accuracy Keras gave.
     */
    @Test
    void realKerasFilesAsOnnxScoreAsKerasDid() throws Exception {
        assumeTrue(Files.isDirectory(SHARED), "needs ../shared/keras");
        int[] labels = FashionMnist.load(DataLocator.SYSTEM_DIR).test().labelArray();
        float[][] images = dev.fmnist.keras.KerasFixturesTest.firstTestImages(labels.length);
        for (String[] row : new String[][] {{"cnn_keras3.h5", "9067"}, {"cnn_keras3.keras", "9067"},
                {"mlp_tfkeras2.h5", "8785"}}) {
            Path model = SHARED.resolve(row[0]).toAbsolutePath();
            JarRunner.Run r = JarRunner.run("predict.jar", work, "--model", model.toString(), "--save-onnx", "m.onnx");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().endsWith("ONNX model saved to m.onnx.\n"), r.out());
            dev.fmnist.onnx.OnnxRuntime.Answers answers = dev.fmnist.onnx.OnnxRuntime.compare(model,
                    work.resolve("m.onnx"), images);
            assertEquals(Integer.parseInt(row[1]), dev.fmnist.onnx.OnnxRuntime.correct(answers.onnx(), labels), row[0]);
        }
    }

    /**
     * Train one epoch and hand the model back as a .keras file: it gives the SavedModel's
     * probabilities; converting it back with --epochs 0, in the flags' architecture or its own,
     * gives them again; a run started from it starts from its weights (with a learning rate too small
     * to move them, it ends where it began); flags of another architecture are refused, naming the
     * first layer that differs.
     */
    @Test
    void aKerasFileOutAndBackIn() throws Exception {
        JarRunner.Run trained = JarRunner.run("train.jar", work, "--epochs", "1", "--verbose", "0", "--model-dir", "sm",
                "--save-keras", "out.keras");
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(trained.out().contains("Keras model saved to out.keras."), trained.out());
        List<String> images = testImages();
        List<double[]> savedModel = predict("sm", images);
        assertSameProbabilities(savedModel, predict("out.keras", images), 1e-6);

        JarRunner.Run converted = JarRunner.run("train.jar", work, "--initial-weights", "out.keras", "--epochs", "0",
                "--model-dir", "converted");
        assertEquals(0, converted.exitCode(), converted.err());
        assertSameProbabilities(savedModel, predict("converted", images), 1e-6);

        JarRunner.Run ownArchitecture = JarRunner.run("train.jar", work, "--initial-weights", "out.keras",
                "--architecture", "from-file", "--epochs", "0", "--model-dir", "own");
        assertEquals(0, ownArchitecture.exitCode(), ownArchitecture.err());
        assertSameProbabilities(savedModel, predict("own", images), 1e-6);

        JarRunner.Run fromSavedModel = JarRunner.run("train.jar", work, "--initial-weights", "sm", "--epochs", "0",
                "--model-dir", "copied");
        assertEquals(0, fromSavedModel.exitCode(), fromSavedModel.err());
        assertSameProbabilities(savedModel, predict("copied", images), 1e-6);

        JarRunner.Run resumed = JarRunner.run("train.jar", work, "--initial-weights", "out.keras", "--epochs", "1",
                "--learning-rate", "1e-12", "--verbose", "0", "--model-dir", "continued");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("Starting from the weights in out.keras."), resumed.out());
        assertSameProbabilities(savedModel, predict("continued", images), 1e-5);

        JarRunner.Run other = JarRunner.run("train.jar", work, "--initial-weights", "out.keras", "--epochs", "0",
                "--dense-units", "32", "--model-dir", "other");
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains("its layer 4, dense (Dense), has units 16 where the flags' dense has 32"), other.err());
        assertFalse(Files.exists(work.resolve("other")));
    }

    @Test
    void aFileThatIsNoModelIsOneSentence() throws Exception {
        Files.writeString(work.resolve("notes.h5"), "not a model");
        JarRunner.Run r = JarRunner.run("predict.jar", work, "--model", "notes.h5", "--evaluate");
        assertEquals(1, r.exitCode());
        assertEquals("Error: The file notes.h5 is neither a Keras .keras archive nor an HDF5 .h5 model.", r.err().strip());
        JarRunner.Run noFile = JarRunner.run("train.jar", work, "--epochs", "0");
        assertEquals(2, noFile.exitCode());
        assertTrue(noFile.err().contains("--epochs 0 converts a model"), noFile.err());
    }
}
