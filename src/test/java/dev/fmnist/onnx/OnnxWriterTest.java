package dev.fmnist.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.FashionMnist;
import dev.fmnist.model.Activation;
import dev.fmnist.model.ActivationLayer;
import dev.fmnist.model.AveragePooling2D;
import dev.fmnist.model.BatchNormalization;
import dev.fmnist.model.Conv2D;
import dev.fmnist.model.Dense;
import dev.fmnist.model.Dropout;
import dev.fmnist.model.Flatten;
import dev.fmnist.model.GlobalPooling2D;
import dev.fmnist.model.GraphTesting;
import dev.fmnist.model.Initializer;
import dev.fmnist.model.Layer;
import dev.fmnist.model.LeakyReLU;
import dev.fmnist.model.MaxPooling2D;
import dev.fmnist.model.Padding;
import dev.fmnist.model.RandomFlip;
import dev.fmnist.model.ReLU;
import dev.fmnist.model.Rescaling;
import dev.fmnist.model.Reshape;
import dev.fmnist.model.Sequential;
import dev.fmnist.model.Softmax;
import dev.fmnist.model.WeightStore;
import dev.fmnist.model.ZeroPadding2D;
import dev.fmnist.onnx.schema.OnnxSchema.ModelProto;
import dev.fmnist.onnx.schema.OnnxSchema.NodeProto;
import dev.fmnist.onnx.schema.OnnxSchema.ValueInfoProto;
import dev.fmnist.ops.fusion.Fusion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Every layer the Keras reader builds, written as ONNX and run in ONNX Runtime on random weights:
 * the probabilities must be ours (TensorFlow's stock ops, as a SavedModel serves them) within 1e-5.
 */
class OnnxWriterTest {
    @TempDir
    Path dir;

    private static final Initializer HE = Initializer.HE_UNIFORM;

    /** Feature maps: same and valid padding, strides, a rectangular kernel, padding, both poolings, BN. */
    @Test
    void featureMapLayersGiveOurProbabilities() throws Exception {
        check(new Sequential(Sequential.IMAGE_SHAPE, List.of(
                new Rescaling("rescaling", 2, -1),
                new ZeroPadding2D("zero_padding2d", new int[] {1, 2, 3, 0}),
                new Conv2D("conv2d", 4, new int[] {3, 5}, new int[] {2, 1}, Padding.SAME, Activation.RELU6, HE, true),
                new BatchNormalization("batch_normalization"),
                new LeakyReLU("leaky_re_lu", 0.3),
                new MaxPooling2D("max_pooling2d", new int[] {3, 2}, new int[] {2, 2}, Padding.SAME),
                new Conv2D("conv2d_1", 6, new int[] {3, 3}, new int[] {1, 1}, Padding.VALID, Activation.SELU, HE, false),
                new AveragePooling2D("average_pooling2d", new int[] {2, 2}, new int[] {1, 1}, Padding.SAME),
                new ActivationLayer("activation", Activation.SWISH),
                new Dropout("dropout", 0.5, 1),
                new RandomFlip("random_flip", 2),
                new Flatten("flatten"),
                new Dense("dense", 12, Activation.ELU, HE, true),
                new BatchNormalization("batch_normalization_1", 0.99, 0.01f, false, true)),
                new Dense("dense_1", 10, Activation.SOFTMAX, HE, true)));
    }

    /** [28, 28] inputs through a Reshape, global max pooling, and logits out: the file adds the softmax. */
    @Test
    void reshapedInputsAndLogitsGiveOurProbabilities() throws Exception {
        check(new Sequential(new long[] {28, 28}, List.of(
                new Reshape("reshape", new long[] {28, 28, 1}),
                new Conv2D("conv2d", 3, 3, Padding.VALID, Activation.SIGMOID, HE),
                new GlobalPooling2D("global_max_pooling2d", false),
                new Dense("dense", 8, Activation.SOFTPLUS, HE, true),
                new ActivationLayer("activation", Activation.SOFTSIGN),
                new Dense("dense_1", 10, Activation.LINEAR, HE, true))));
    }

    /** [784] inputs; batch normalisation over the last axis of a [4, 4] tensor; a Softmax layer last. */
    @Test
    void flatInputsGiveOurProbabilities() throws Exception {
        check(new Sequential(new long[] {784}, List.of(
                new Dense("dense", 16, Activation.TANH, HE, true),
                new ReLU("re_lu"),
                new Dense("dense_1", 16, Activation.EXPONENTIAL, HE, false),
                new Reshape("reshape", new long[] {4, -1}),
                new BatchNormalization("batch_normalization", 0.99, 1e-3f, true, false),
                new Flatten("flatten"),
                new Dense("dense_2", 10, Activation.RELU, HE, true),
                new Softmax("softmax"))));
    }

    /** A softmax over a feature map's channels, then global average pooling. */
    @Test
    void channelLayersGiveOurProbabilities() throws Exception {
        check(new Sequential(Sequential.IMAGE_SHAPE, List.of(
                new Conv2D("conv2d", 5, 3, Padding.SAME, Activation.LINEAR, HE),
                new ActivationLayer("activation", Activation.SOFTMAX),
                new Conv2D("conv2d_1", 6, 3, Padding.VALID, Activation.RELU, HE),
                new GlobalPooling2D("global_average_pooling2d", true)),
                new Dense("dense_1", 10, Activation.SOFTMAX, HE, true)));
    }

    @Test
    void theFileDescribesItsInputOutputAndProducer() throws Exception {
        Sequential model = lab();
        Path file = dir.resolve("m.onnx");
        OnnxWriter.write(file, model, weights(model, 1), "trained by a test");
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(8, proto.getIrVersion());
        assertEquals(17, proto.getOpsetImport(0).getVersion());
        assertEquals("", proto.getOpsetImport(0).getDomain());
        assertEquals("fashion-mnist-tf", proto.getProducerName());
        assertTrue(proto.getProducerVersion().matches("\\d+\\.\\d+\\.\\d+.*"), proto.getProducerVersion());
        assertEquals("fashion_mnist", proto.getGraph().getName());
        assertEquals(List.of("N", "28", "28", "1"), dims(proto.getGraph().getInput(0)));
        assertEquals("images", proto.getGraph().getInput(0).getName());
        assertEquals(List.of("N", "10"), dims(proto.getGraph().getOutput(0)));
        assertEquals("probabilities", proto.getGraph().getOutput(0).getName());
        Map<String, String> metadata = proto.getMetadataPropsList().stream()
                .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue()));
        assertEquals(String.join(",", FashionMnist.CLASS_NAMES), metadata.get("classes"));
        assertEquals("trained by a test", metadata.get("source"));
        // The lab's model: one transpose into Conv's layout and one back before Flatten, no other.
        assertEquals(List.of("Transpose", "Conv", "Relu", "MaxPool", "Transpose", "Flatten", "Gemm", "Relu", "Gemm",
                "Softmax"), proto.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());
    }

    @Test
    void aLayerWithoutAnOnnxFormIsNamedAndNoFileIsLeft() throws Exception {
        Layer unknown = new Layer() {
            @Override
            public String name() {
                return "mystery";
            }

            @Override
            public String typeName() {
                return "Mystery";
            }

            @Override
            public long[] build(long[] inputShape, WeightStore weights) {
                return inputShape.clone();
            }

            @Override
            public long paramCount() {
                return 0;
            }

            @Override
            public Map<String, Object> getConfig() {
                return Map.of();
            }

            @Override
            public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, dev.fmnist.model.CallContext context) {
                return x;
            }
        };
        Sequential model = new Sequential(new long[] {784}, List.of(unknown, new Dense("dense", 10, Activation.SOFTMAX, HE, true)));
        Path file = dir.resolve("m.onnx");
        Files.writeString(file, "the user's own file");
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxWriter.write(file, model, weights(model, 1), "x"));
        assertEquals("The layer 'mystery' (Mystery) has no ONNX form here, so the model cannot be written as ONNX.",
                e.getMessage());
        assertEquals("the user's own file", Files.readString(file));
        assertEquals(List.of(file), Files.list(dir).toList());
    }

    @Test
    void aModelWithoutTenClassesIsRefused() {
        Sequential model = new Sequential(new long[] {784}, List.of(new Dense("dense", 7, Activation.SOFTMAX, HE, true)));
        OnnxException e = assertThrows(OnnxException.class,
                () -> OnnxWriter.write(dir.resolve("m.onnx"), model, weights(model, 1), "x"));
        assertEquals("The model gives outputs of shape [7], not one score for each of the 10 classes, so it is not"
                + " written as ONNX.", e.getMessage());
        assertFalse(Files.exists(dir.resolve("m.onnx")));
    }

    @Test
    void sameAndValidPaddingPadAsTensorFlow() {
        // 28 with a window of 3 and stride 2 gives 14: 1 + 2 pixels of padding, the odd one at the end.
        assertArrayEquals(new long[] {0, 1, 1, 1}, OnnxLayers.pads(Padding.SAME, new long[] {28, 28, 1},
                new int[] {3, 4}, new int[] {2, 2}));
        assertArrayEquals(new long[] {1, 2, 1, 2}, OnnxLayers.pads(Padding.SAME, new long[] {7, 7, 1},
                new int[] {3, 5}, new int[] {1, 1}));
        assertArrayEquals(new long[4], OnnxLayers.pads(Padding.VALID, new long[] {7, 7, 1}, new int[] {3, 3}, new int[] {1, 1}));
    }

    static Sequential lab() {
        return new Sequential(Sequential.IMAGE_SHAPE, List.of(
                new Conv2D("conv2d", 32, 3, Padding.VALID, Activation.RELU, HE),
                new MaxPooling2D("max_pooling2d", 2), new Flatten("flatten"),
                new Dense("dense", 100, Activation.RELU, HE, true)), new Dense("dense_1", 10, Activation.SOFTMAX, HE, true));
    }

    /** Writes {@code model} with random weights, runs it in ONNX Runtime and compares with our graph. */
    private void check(Sequential model) throws Exception {
        Map<String, float[]> weights = weights(model, 7);
        Path file = dir.resolve("model.onnx");
        OnnxWriter.write(file, model, weights, "a test");
        float[][] images = new float[64][];
        for (int i = 0; i < images.length; i++) {
            images[i] = GraphTesting.random(784, 100 + i);
            for (int p = 0; p < 784; p++) {
                images[i][p] = Math.abs(images[i][p]);
            }
        }
        float[][] ours = ours(model, weights, images);
        float[][] theirs = OnnxRuntime.predict(file, images);
        assertTrue(OnnxRuntime.largestDifference(ours, theirs) < 1e-5,
                "largest difference " + OnnxRuntime.largestDifference(ours, theirs));
        assertTrue(java.util.Arrays.stream(ours).anyMatch(r -> r[0] != ours[0][0]), "the outputs must vary with the image");
    }

    /** Random weights by name; moving variances positive; kernels small enough that no activation saturates. */
    static Map<String, float[]> weights(Sequential model, long seed) {
        Map<String, float[]> w = new LinkedHashMap<>();
        model.build(WeightStore.SHAPES_ONLY).weightShapes().forEach((name, shape) -> {
            int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] v = GraphTesting.random(n, seed + name.hashCode());
            for (int i = 0; i < n; i++) {
                v[i] = name.endsWith("variance") ? 0.5f + Math.abs(v[i]) : name.endsWith("kernel") ? v[i] * 0.5f : v[i];
            }
            w.put(name, v);
        });
        return w;
    }

    /** Our probabilities: the forward walk with stock ops, as the SavedModel's serving graph runs it. */
    static float[][] ours(Sequential model, Map<String, float[]> weights, float[][] images) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            model.build((name, shape, init) -> tf.constant(shape, DataBuffers.of(weights.get(name), true, false)));
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            Operand<TFloat32> p = Fusion.STOCK.probabilities(tf, model, in);
            float[] flat = new float[images.length * 784];
            for (int i = 0; i < images.length; i++) {
                System.arraycopy(images[i], 0, flat, i * 784, 784);
            }
            try (TFloat32 t = TFloat32.tensorOf(Shape.of(images.length, 28, 28, 1), DataBuffers.of(flat));
                 org.tensorflow.Result r = session.runner().feed(in, t).fetch(p).run()) {
                float[] out = new float[images.length * 10];
                ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(out);
                float[][] rows = new float[images.length][10];
                for (int i = 0; i < images.length; i++) {
                    System.arraycopy(out, i * 10, rows[i], 0, 10);
                }
                return rows;
            }
        }
    }

    private static List<String> dims(ValueInfoProto v) {
        return v.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).toList();
    }
}
