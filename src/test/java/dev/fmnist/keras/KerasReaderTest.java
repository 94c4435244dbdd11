package dev.fmnist.keras;

import static dev.fmnist.keras.H5Fixture.filled;
import static dev.fmnist.keras.H5Fixture.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.fuzz.Messages;
import dev.fmnist.export.ModelException;
import dev.fmnist.predict.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own Keras files, in each layout, read and run on known images, their outputs worked out by
 * hand; and every file we refuse, refused in one sentence naming the file and the part.
 */
class KerasReaderTest {
    @TempDir
    Path dir;

    private static float[] image(double value) {
        return filled(784, value);
    }

    private static float[] softmax(double... logits) {
        double max = Arrays.stream(logits).max().orElseThrow();
        double sum = Arrays.stream(logits).map(l -> Math.exp(l - max)).sum();
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (Math.exp(logits[i] - max) / sum);
        }
        return p;
    }

    private static float[] predict(Path model, float[] image) throws ModelException {
        try (Predictor p = Predictor.load(model)) {
            return p.predict(new float[][] {image})[0];
        }
    }

    /**
     * Standalone Keras 2: a config that is a plain list of layers, the input shape on the first
     * layer, weights named {@code conv2d_1/kernel:0}. A 1x1 convolution (x2, +0.5), 2x2 pooling,
     * Flatten, and a Dense layer whose every input weighs k/1000 for class k, minus k/100: on an
     * image of 0.5s every pooled value is 1.5, so class k's logit is 196 * 1.5 * k / 1000 - k / 100.
     */
    @Test
    void standaloneKeras2ListConfig() throws Exception {
        String config = "{\"class_name\": \"Sequential\", \"config\": ["
                + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d_1\", \"batch_input_shape\": [null, 28, 28, 1],"
                + " \"filters\": 1, \"kernel_size\": [1, 1], \"strides\": [1, 1], \"padding\": \"valid\","
                + " \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"activation\": \"linear\", \"use_bias\": true, \"dtype\": \"float32\"}},"
                + "{\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"max_pooling2d_1\", \"pool_size\": [2, 2], \"strides\": [2, 2], \"padding\": \"valid\"}},"
                + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten_1\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 10, \"activation\": \"softmax\", \"use_bias\": true}}]}";
        Path file = new H5Fixture(config).version("2.1.2")
                .weight("conv2d_1", "conv2d_1/kernel:0", new float[][][][] {{{{2f}}}})
                .weight("conv2d_1", "conv2d_1/bias:0", new float[] {0.5f})
                .layer("max_pooling2d_1").layer("flatten_1")
                .weight("dense_1", "dense_1/kernel:0", matrix(196, 10, (j, k) -> k / 1000.0))
                .weight("dense_1", "dense_1/bias:0", new float[] {0, -.01f, -.02f, -.03f, -.04f, -.05f, -.06f, -.07f, -.08f, -.09f})
                .write(dir.resolve("keras2.h5"));
        double[] logits = new double[10];
        for (int k = 0; k < 10; k++) {
            logits[k] = 196 * 1.5 * k / 1000 - k / 100.0;
        }
        assertArrayEquals(softmax(logits), predict(file, image(0.5)), 1e-6f);
        KerasModel model = KerasReader.read(file);
        assertEquals("Keras 2.1.2", model.savedBy());
        assertEquals(java.util.List.of("conv2d_1/kernel", "conv2d_1/bias", "dense_1/kernel", "dense_1/bias"),
                java.util.List.copyOf(model.weights().keySet()));
    }

    /**
     * tf.keras 2: a config dict with layers, an InputLayer of [28, 28] (no channel axis). Flatten,
     * then a Dense layer that passes pixel i to class i (i < 10): an image whose pixel 3 alone is
     * lit gives logits e_3.
     */
    @Test
    void tfKeras2WithTwoDimensionalInput() throws Exception {
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28], \"dtype\": \"float32\", \"name\": \"input_1\"}},"
                + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"dtype\": \"float32\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 10, \"activation\": \"softmax\", \"dtype\": \"float32\"}}]}}";
        Path file = new H5Fixture(config).version("2.4.0").layer("flatten")
                .weight("dense", "dense/kernel:0", matrix(784, 10, (i, k) -> i.equals(k) ? 1.0 : 0.0))
                .weight("dense", "dense/bias:0", new float[10])
                .write(dir.resolve("tfkeras2.h5"));
        float[] img = new float[784];
        img[3] = 1;
        assertArrayEquals(softmax(0, 0, 0, 1, 0, 0, 0, 0, 0, 0), predict(file, img), 1e-6f);
    }

    /**
     * Keras 3's HDF5: weights at {@code sequential/dense/kernel}, an input of [784], batch
     * normalisation with its four weights and epsilon, an Activation layer. Dense 4 gives its bias
     * [1, 2, 3, 4]; BN with mean 1, variance 3, epsilon 1, gamma 2, beta 0 turns that into
     * 2 (x - 1) / 2 = [0, 1, 2, 3]; ReLU keeps it; the last Dense passes unit i to class i.
     */
    @Test
    void keras3Hdf5WithBatchNormalisation() throws Exception {
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 784], \"dtype\": \"float32\", \"name\": \"input_layer\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 4, \"activation\": \"linear\"}},"
                + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"batch_normalization\", \"axis\": -1, \"epsilon\": 1.0,"
                + " \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}}}},"
                + "{\"class_name\": \"Activation\", \"config\": {\"name\": \"activation\", \"activation\": \"relu\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 10, \"activation\": \"softmax\"}}]}}";
        Path file = new H5Fixture(config).version("3.8.0")
                .weight("dense", "sequential/dense/kernel", new float[784][4])
                .weight("dense", "sequential/dense/bias", new float[] {1, 2, 3, 4})
                .weight("batch_normalization", "sequential/batch_normalization/gamma", filled(4, 2))
                .weight("batch_normalization", "sequential/batch_normalization/beta", filled(4, 0))
                .weight("batch_normalization", "sequential/batch_normalization/moving_mean", filled(4, 1))
                .weight("batch_normalization", "sequential/batch_normalization/moving_variance", filled(4, 3))
                .layer("activation")
                .weight("dense_1", "sequential/dense_1/kernel", matrix(4, 10, (i, k) -> i.equals(k) ? 1.0 : 0.0))
                .weight("dense_1", "sequential/dense_1/bias", new float[10])
                .write(dir.resolve("keras3.h5"));
        assertArrayEquals(softmax(0, 1, 2, 3, 0, 0, 0, 0, 0, 0), predict(file, image(0.7)), 1e-6f);
    }

    // --- Refusals: one sentence that names the file and what in it we cannot take.

    private String refusal(Path file) {
        KerasFileException e = assertThrows(KerasFileException.class, () -> KerasReader.read(file));
        Messages.assertOneSentenceNaming(file.toString(), e);
        return e.getMessage();
    }

    private static String sequential(String... layers) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 28, 28, 1], \"name\": \"input_layer\"}},"
                + String.join(",", layers) + "]}}";
    }

    private static final String FLATTEN = "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"}}";
    private static final String DENSE = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 10,"
            + " \"activation\": \"softmax\"}}";

    private Path withDense(String name, String config) {
        return new H5Fixture(config).layer("flatten")
                .weight("dense", "dense/kernel:0", new float[784][10]).weight("dense", "dense/bias:0", new float[10])
                .write(dir.resolve(name));
    }

    @Test
    void aLayerWeDoNotReadIsNamed() {
        String m = refusal(withDense("lambda.h5", sequential(
                "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"scale_it\", \"function\": \"x * 2\"}}", FLATTEN, DENSE)));
        assertTrue(m.contains("'scale_it' (Lambda)") && m.contains("Conv2D"), m);
    }

    @Test
    void aCustomObjectIsNamed() {
        String m = refusal(withDense("custom.h5", sequential(
                "{\"class_name\": \"MyNorm\", \"config\": {\"name\": \"my_norm\"}, \"registered_name\": \"Custom>MyNorm\"}",
                FLATTEN, DENSE)));
        assertTrue(m.contains("'my_norm'") && m.contains("Custom>MyNorm"), m);
    }

    @Test
    void anotherDtypeIsNamed() {
        String m = refusal(withDense("half.h5", sequential(FLATTEN,
                "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 10, \"activation\": \"softmax\","
                        + " \"dtype\": {\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"mixed_float16\"}}}}")));
        assertTrue(m.contains("'dense'") && m.contains("mixed_float16"), m);
    }

    @Test
    void optionsThatChangeTheResultAreRefused() {
        String dilated = refusal(new H5Fixture(sequential("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\","
                + " \"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": [2, 2]}}", FLATTEN, DENSE)).write(dir.resolve("d.h5")));
        assertTrue(dilated.contains("dilation_rate"), dilated);
        String first = refusal(new H5Fixture(sequential("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\","
                + " \"filters\": 2, \"kernel_size\": 3, \"data_format\": \"channels_first\"}}", FLATTEN, DENSE)).write(dir.resolve("f.h5")));
        assertTrue(first.contains("channels_first"), first);
    }

    @Test
    void anInputThatIsNotAFashionMnistImageIsRefused() {
        String m = refusal(new H5Fixture("{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 32, 32, 3]}}," + FLATTEN + "," + DENSE + "]}}")
                .write(dir.resolve("cifar.h5")));
        assertTrue(m.contains("(32, 32, 3)"), m);
    }

    @Test
    void aWeightOfTheWrongShapeOrTypeIsNamed() {
        String shape = refusal(new H5Fixture(sequential(FLATTEN, DENSE)).layer("flatten")
                .weight("dense", "dense/kernel:0", new float[100][10]).weight("dense", "dense/bias:0", new float[10])
                .write(dir.resolve("shape.h5")));
        assertTrue(shape.contains("dense/kernel:0") && shape.contains("(100, 10)") && shape.contains("(784, 10)"), shape);
        String type = refusal(new H5Fixture(sequential(FLATTEN, DENSE)).layer("flatten")
                .weight("dense", "dense/kernel:0", new double[784][10]).weight("dense", "dense/bias:0", new float[10])
                .write(dir.resolve("double.h5")));
        assertTrue(type.contains("float32") && type.contains("'dense'"), type);
        String missing = refusal(new H5Fixture(sequential(FLATTEN, DENSE)).layer("flatten").write(dir.resolve("none.h5")));
        assertTrue(missing.contains("0 weights") && missing.contains("'dense'"), missing);
    }

    @Test
    void aFunctionalModelThatBranchesIsRefused() {
        String m = refusal(new H5Fixture("{\"class_name\": \"Functional\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"batch_shape\": [null, 28, 28, 1]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Flatten\", \"name\": \"flatten\", \"config\": {}, \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},"
                + "{\"class_name\": \"Dense\", \"name\": \"dense\", \"config\": {\"units\": 10, \"activation\": \"softmax\"},"
                + " \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]}]}}").write(dir.resolve("branch.h5")));
        assertTrue(m.contains("not one chain") && m.contains("'dense'"), m);
    }

    @Test
    void filesThatHoldNoModelAreSaidToBeWhatTheyAre() throws IOException {
        Path weightsOnly = dir.resolve("weights.h5");
        try (io.jhdf.WritableHdfFile h5 = io.jhdf.HdfFile.write(weightsOnly)) {
            h5.putAttribute("layer_names", new String[] {"dense"});
            h5.putGroup("dense").putDataset("kernel", new float[] {1, 2});
        }
        assertTrue(refusal(weightsOnly).contains("only weights"));
        Path empty = dir.resolve("empty.h5");
        try (io.jhdf.WritableHdfFile h5 = io.jhdf.HdfFile.write(empty)) {
            h5.putGroup("data").putDataset("x", new float[] {1});
        }
        assertTrue(refusal(empty).contains("no Keras model"));
        assertTrue(refusal(Files.writeString(dir.resolve("notes.h5"), "not a model")).contains("neither"));
        assertTrue(refusal(dir.resolve("missing.keras")).contains("does not exist"));

        Path good = withDense("good.h5", sequential(FLATTEN, DENSE));
        byte[] all = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.h5"), Arrays.copyOf(all, all.length / 2));
        refusal(truncated);

        Path zip = dir.resolve("nothing.keras");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("metadata.json"));
            out.write("{}".getBytes());
            out.closeEntry();
        }
        assertTrue(refusal(zip).contains("no config.json"));
    }

    @Test
    void kerasSnakeCase() {
        assertEquals("conv2d", KerasReader.snakeCase("Conv2D"));
        assertEquals("max_pooling2d", KerasReader.snakeCase("MaxPooling2D"));
        assertEquals("batch_normalization", KerasReader.snakeCase("BatchNormalization"));
        assertEquals("re_lu", KerasReader.snakeCase("ReLU"));
        assertEquals("input_layer", KerasReader.snakeCase("InputLayer"));
    }
}
