package dev.fmnist.export;

import dev.fmnist.data.FashionMnist;
import dev.fmnist.keras.KerasWriter;
import dev.fmnist.model.GraphNames;
import dev.fmnist.model.Initializer;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Sequential;
import dev.fmnist.model.WeightStore;
import dev.fmnist.ops.fusion.Fusion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained model as a SavedModel: tag {@code serve}, signature {@code serving_default},
 * input {@code images} [N,28,28,1] float32 in [0,1], output {@code probabilities} [N,10].
 *
 * <p>The serving graph is built afresh from the model's config by the forward walk with stock
 * TensorFlow ops only ({@link Fusion#STOCK}) and inference-mode layers (no dropout), and receives
 * the trained weights. It holds nothing of the training graph: no data set, no optimizer slots,
 * no metrics.
 */
public final class SavedModelExporter {
    public static final String INPUT = "images";
    public static final String OUTPUT = "probabilities";
    public static final String TAG = "serve";
    /**
     * The model's layers, as Keras' config.json records them, where TensorFlow leaves files of ours
     * alone: a SavedModel's graph holds ops, not layers, and converting it (to ONNX) needs them.
     */
    public static final String LAYERS_FILE = "assets.extra/keras_config.json";

    private SavedModelExporter() {}

    /** Saves {@code weights} (by Keras name, in layer order) to {@code dir}. */
    public static void export(ModelConfig config, Map<String, float[]> weights, ModelDirectory dir)
            throws ModelException {
        export(config::newSequential, weights, dir);
    }

    /** Saves the model {@code architecture} makes, with {@code weights}, to {@code dir}. */
    public static void export(java.util.function.Supplier<Sequential> architecture, Map<String, float[]> weights,
                              ModelDirectory dir) throws ModelException {
        Path tmp = null;
        try {
            tmp = dir.newTemporary();
            writeSavedModel(architecture.get(), weights, tmp);
            dir.replaceWith(tmp);
            tmp = null;
        } catch (IOException e) {
            throw new ModelException("Cannot save the model to " + dir.target() + ": "
                    + ModelDirectory.describe(e) + ".", e);
        } finally {
            if (tmp != null) {
                try {
                    ModelDirectory.deleteRecursively(tmp);
                } catch (IOException ignored) {
                    // A hidden .tmp- sibling; the next save clears it.
                }
            }
        }
    }

    private static void writeSavedModel(Sequential unbuilt, Map<String, float[]> weights, Path out)
            throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Map<String, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
            Map<String, Operand<?>> assigns = new LinkedHashMap<>();
            Sequential model = unbuilt.build(new WeightStore() {
                @Override
                public Operand<TFloat32> weight(String name, Shape shape, Initializer init) {
                    Variable<TFloat32> v = GraphNames.scoped(tf, name).variable(shape, TFloat32.class);
                    Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
                    feeds.put(name, in);
                    assigns.put(name, tf.assign(v, in));
                    return v;
                }
            });
            if (!feeds.keySet().equals(weights.keySet())) {
                throw new IllegalArgumentException("the weights do not match the model: " + weights.keySet());
            }
            Placeholder<TFloat32> images = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, 1)));
            Operand<TFloat32> probabilities = tf.withName(OUTPUT)
                    .identity(Fusion.STOCK.probabilities(tf, model, images));
            try (Session session = new Session(graph)) {
                for (Map.Entry<String, Placeholder<TFloat32>> e : feeds.entrySet()) {
                    Placeholder<TFloat32> in = e.getValue();
                    try (TFloat32 value = TFloat32.tensorOf(in.shape(), DataBuffers.of(weights.get(e.getKey()), true, false));
                         Result ignored = session.runner().feed(in, value).addTarget(assigns.get(e.getKey()).op()).run()) {
                        // The variable now holds the trained value.
                    }
                }
                Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
                        .input(INPUT, images).output(OUTPUT, probabilities)
                        .methodName("tensorflow/serving/predict").build();
                SavedModelBundle.exporter(out.toString()).withTags(TAG).withSession(session)
                        .withSignature(signature).export();
            }
        }
        Path layers = out.resolve(LAYERS_FILE);
        Files.createDirectories(layers.getParent());
        Files.writeString(layers, KerasWriter.configJson(unbuilt));
    }
}
