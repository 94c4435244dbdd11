package dev.fmnist.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fmnist.keras.KerasModel;
import dev.fmnist.keras.KerasReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Keras fixture (files Keras 3 saved: batch normalisation with and without center and scale,
 * same padding, strides, Reshape, [28, 28] and [784] inputs, logits, Rescaling, ZeroPadding2D,
 * average and global pooling, LeakyReLU, elu, swish, selu, softplus) as ONNX: in ONNX Runtime it must
 * give our probabilities on 1,000 test images within 1e-5, the same answers, and Keras' own
 * probabilities, which the fixtures hold for the first 20 images.
 */
class OnnxKerasFilesTest {
    static final Path FIXTURES = Path.of("src/test/resources/keras");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bn_cnn.keras", "bn_cnn.h5", "functional.keras", "functional.h5", "flat.keras", "flat.h5",
        "extras.keras", "extras.h5", "global_max.keras", "global_max.h5"})
    void aKerasFileAsOnnxGivesOurAndKerasProbabilities(String name) throws Exception {
        Path source = FIXTURES.resolve(name);
        KerasModel keras = KerasReader.read(source);
        Path file = dir.resolve("model.onnx");
        OnnxWriter.write(file, keras.newSequential(), keras.weightValues(), "converted from " + name);
        float[][] images = dev.fmnist.keras.KerasFixturesTest.firstTestImages(1000);
        OnnxRuntime.Answers answers = OnnxRuntime.compare(source, file, images);
        float[][] ours = answers.ours();
        float[][] onnx = answers.onnx();
        for (int i = 0; i < ours.length; i++) {
            assertEquals(argmax(ours[i]), argmax(onnx[i]), name + ", image " + i);
        }
        List<String> expected = Files.readAllLines(FIXTURES.resolve(name.substring(0, name.indexOf('.')) + ".expected.txt"))
                .stream().filter(l -> !l.startsWith("#")).toList();
        for (int i = 0; i < expected.size(); i++) {
            String[] keras3 = expected.get(i).trim().split("\\s+");
            for (int k = 0; k < 10; k++) {
                assertEquals(Float.parseFloat(keras3[k]), onnx[i][k], 1e-5, name + ", Keras' image " + i + ", class " + k);
            }
        }
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
