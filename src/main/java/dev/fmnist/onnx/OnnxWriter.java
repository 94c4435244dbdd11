package dev.fmnist.onnx;

import dev.fmnist.data.AtomicFile;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.model.Layer;
import dev.fmnist.model.Sequential;
import dev.fmnist.onnx.OnnxGraph.GraphValue;
import dev.fmnist.onnx.OnnxLayers.Weight;
import dev.fmnist.onnx.schema.OnnxSchema.ModelProto;
import dev.fmnist.onnx.schema.OnnxSchema.OperatorSetIdProto;
import dev.fmnist.onnx.schema.OnnxSchema.StringStringEntryProto;
import dev.fmnist.onnx.schema.OnnxSchema.TensorProto;
import dev.fmnist.onnx.schema.OnnxSchema.TensorShapeProto;
import dev.fmnist.onnx.schema.OnnxSchema.TypeProto;
import dev.fmnist.onnx.schema.OnnxSchema.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a model's inference graph as an ONNX file (opset 17, IR version 8) that ONNX Runtime,
 * OpenVINO, TensorRT and onnxruntime-web load: input {@code images}, float [N, 28, 28, 1] in [0, 1]
 * (or the Keras model's own input shape, [N, 28, 28] or [N, 784]), output {@code probabilities}
 * [N, 10], the batch axis named N. A model whose last layer is not a softmax gets one, as our
 * predictions do. The file names its producer and version, and records the class names in its
 * metadata ({@code classes}); it is replaced atomically, so a failed write leaves any file before it.
 */
public final class OnnxWriter {
    private OnnxWriter() {}

    public static final String INPUT = "images";
    public static final String OUTPUT = "probabilities";
    public static final String PRODUCER = "fashion-mnist-tf";
    /** ONNX's default operator set at the version we write; IR version 8 is the one that goes with it. */
    public static final int OPSET = 17;
    static final int IR_VERSION = 8;
    /** The name of the symbolic batch axis. */
    static final String BATCH = "N";

    /**
     * Writes {@code model} with {@code weights} (by our names, {@code dense/kernel}) to {@code file}.
     *
     * @param source what the model is, for the file's description: "trained by train.jar", "converted from X"
     */
    public static void write(Path file, Sequential model, Map<String, float[]> weights, String source)
            throws OnnxException {
        byte[] bytes = model(model, weights, source).toByteArray();
        try {
            AtomicFile.write(file, bytes);
        } catch (IOException e) {
            throw new OnnxException("Cannot write the ONNX model " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /** The ONNX model of {@code model} with {@code weights}. */
    static ModelProto model(Sequential model, Map<String, float[]> weights, String source) throws OnnxException {
        OnnxGraph g = new OnnxGraph();
        long[] shape = model.inputShape();
        GraphValue x = new GraphValue(INPUT, shape, false);
        g.unique(INPUT);
        g.unique(OUTPUT);
        g.proto().addInput(tensor(INPUT, shape));
        List<Layer> layers = model.layers();
        for (Layer layer : layers) {
            Map<String, Weight> own = new LinkedHashMap<>();
            long[] out;
            try {
                out = layer.build(x.shape(), (name, s, init) -> {
                    float[] v = weights.get(name);
                    if (v == null || v.length != s.size()) {
                        throw new IllegalArgumentException("no value of shape " + s + " for the weight " + name);
                    }
                    own.put(name.substring(name.lastIndexOf('/') + 1), new Weight(s.asArray(), v));
                    return null;
                });
            } catch (IllegalArgumentException e) {
                throw new OnnxException("The layer '" + layer.name() + "' (" + layer.typeName() + ") cannot be written"
                        + " as ONNX: " + e.getMessage() + ".");
            }
            x = OnnxLayers.apply(g, layer, x, out, own);
        }
        x = g.channelsLast(x, "output");
        if (x.rank() != 1 || x.shape()[0] != FashionMnist.NUM_CLASSES) {
            throw new OnnxException("The model gives outputs of shape " + Arrays.toString(x.shape()) + ", not one score"
                    + " for each of the " + FashionMnist.NUM_CLASSES + " classes, so it is not written as ONNX.");
        }
        if (!layers.get(layers.size() - 1).outputsSoftmax()) {
            x = OnnxLayers.activation(g, "output", dev.fmnist.model.Activation.SOFTMAX, x);
        }
        if (x.name().equals(INPUT)) {
            x = new GraphValue(g.node("output", "Identity", List.of(x.name())), x.shape(), false);
        }
        g.renameLastOutput(x.name(), OUTPUT);
        g.proto().addOutput(tensor(OUTPUT, x.shape()));
        g.proto().setName("fashion_mnist").setDocString("A Fashion-MNIST classifier " + source + ": " + INPUT
                + " in [0, 1] to the probabilities of the " + FashionMnist.NUM_CLASSES + " classes.");
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setProducerVersion(version())
                .setModelVersion(1)
                .setDocString(g.proto().getDocString())
                .setGraph(g.proto())
                .addMetadataProps(entry("classes", String.join(",", FashionMnist.CLASS_NAMES)))
                .addMetadataProps(entry("source", source))
                .build();
    }

    /** A float tensor [N, shape...], N symbolic. */
    private static ValueInfoProto tensor(String name, long[] shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : shape) {
            dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dims))).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** This build's version, as Maven wrote it into the classes. */
    static String version() {
        try (InputStream in = OnnxWriter.class.getResourceAsStream("/dev/fmnist/project.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
