package dev.fmnist.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.data.IdxFile;
import dev.fmnist.predict.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files Keras 3 itself saved (scripts/keras-fixtures.py): batch normalisation with and without
 * center and scale, same padding, strides, a rectangular kernel, Activation, ReLU, Dropout and
 * Reshape layers, a functional chain, inputs of [28, 28] and [784], a model that ends in logits,
 * Rescaling, ZeroPadding2D, average and global pooling, LeakyReLU, a Softmax layer, and the elu,
 * swish, selu and softplus activations. We
 * must give the probabilities Keras gave for the first 20 test images, from the .keras archive
 * and from the legacy .h5 alike.
 */
public class KerasFixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/keras");

    @ParameterizedTest
    @ValueSource(strings = {"bn_cnn.keras", "bn_cnn.h5", "functional.keras", "functional.h5", "flat.keras", "flat.h5",
        "extras.keras", "extras.h5", "global_max.keras", "global_max.h5"})
    void weGiveKerasOwnProbabilities(String file) throws Exception {
        String model = file.substring(0, file.indexOf('.'));
        List<float[]> expected = Files.readAllLines(FIXTURES.resolve(model + ".expected.txt")).stream()
                .filter(l -> !l.startsWith("#")).map(KerasFixturesTest::floats).toList();
        float[][] images = firstTestImages(expected.size());
        float[][] ours;
        try (Predictor p = Predictor.load(FIXTURES.resolve(file))) {
            ours = p.predict(images);
        }
        for (int i = 0; i < expected.size(); i++) {
            for (int k = 0; k < 10; k++) {
                assertEquals(expected.get(i)[k], ours[i][k], 2e-6, file + ", image " + i + ", class " + k);
            }
        }
    }

    private static float[] floats(String line) {
        String[] parts = line.trim().split("\\s+");
        float[] f = new float[parts.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.parseFloat(parts[i]);
        }
        return f;
    }

    /** The test set's first images as x / 255, as the fixtures' script fed them to Keras. */
    public static float[][] firstTestImages(int n) throws Exception {
        Path images = DataLocator.SYSTEM_DIR.resolve("t10k-images-idx3-ubyte.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR),
                "needs dataset-fashion-mnist");
        byte[] raw = IdxFile.read(images).data();
        float[][] out = new float[n][784];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                out[i][p] = (raw[i * 784 + p] & 0xff) / 255f;
            }
        }
        assertTrue(out[0].length == 784);
        return out;
    }
}
