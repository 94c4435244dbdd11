package dev.fmnist.predict;

import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelException;
import dev.fmnist.export.SavedModelExporter;
import dev.fmnist.keras.KerasModel;
import dev.fmnist.keras.Tensor;
import dev.fmnist.model.Sequential;
import dev.fmnist.ops.fusion.Fusion;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A model held as our layers with its weights as constants, in a graph of its own: how a Keras
 * file is run, with the same stock TensorFlow ops as the SavedModels we write.
 */
final class GraphPredictor implements Predictor {
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> images;
    private final Operand<TFloat32> probabilities;

    private GraphPredictor(Graph graph, Session session, Placeholder<TFloat32> images, Operand<TFloat32> probabilities) {
        this.graph = graph;
        this.session = session;
        this.images = images;
        this.probabilities = probabilities;
    }

    static GraphPredictor of(KerasModel keras) throws ModelException {
        return of(keras.newSequential(), keras.weights(), keras.file().toString());
    }

    /** {@code model} (unbuilt) with {@code weights} by our names; {@code source} names it in messages. */
    static GraphPredictor of(Sequential model, Map<String, Tensor> weights, String source) throws ModelException {
        Graph graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            model.build((name, shape, init) -> {
                Tensor t = weights.get(name);
                if (t == null || !Arrays.equals(t.shape(), shape.asArray())) {
                    throw new IllegalStateException("no weight " + name + " of shape " + shape + " for " + source);
                }
                return tf.constant(shape, DataBuffers.of(t.values(), true, false));
            });
            long[] out = model.outputShape();
            if (out.length != 1 || out[0] != FashionMnist.NUM_CLASSES) {
                throw new ModelException("The model " + source + " gives outputs of shape " + Tensor.describe(out)
                        + ", not one score for each of the " + FashionMnist.NUM_CLASSES + " classes.");
            }
            Placeholder<TFloat32> images = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, 1)));
            Operand<TFloat32> probabilities = Fusion.STOCK.probabilities(tf, model, images);
            GraphPredictor p = new GraphPredictor(graph, new Session(graph), images, probabilities);
            graph = null;
            return p;
        } finally {
            if (graph != null) {
                graph.close();
            }
        }
    }

    @Override
    public float[][] predict(float[][] batch) {
        try (TFloat32 in = Batches.images(batch); Result result = session.runner().feed(images, in).fetch(probabilities).run()) {
            return Batches.rows((TFloat32) result.get(0), batch.length);
        }
    }

    @Override
    public Predictor.TensorNames signature() {
        return new Predictor.TensorNames(SavedModelExporter.INPUT, images.op().name() + ":0",
                SavedModelExporter.OUTPUT, probabilities.op().name() + ":0");
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
