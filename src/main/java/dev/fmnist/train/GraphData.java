package dev.fmnist.train;

import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * A data set held in the graph as uint8 variables, uploaded once, with the ops that read batches
 * of it by index: a step feeds only the indices, and the images are gathered and scaled in the graph.
 */
final class GraphData {
    final Dataset data;
    private final Variable<TUint8> images;
    private final Variable<TUint8> labels;
    private final Placeholder<TUint8> imagesIn;
    private final Placeholder<TUint8> labelsIn;
    private final Op load;

    GraphData(Ops tf, Dataset data, int index) {
        this.data = data;
        Ops scope = tf.withSubScope("data_" + index);
        Shape imageShape = Shape.of(data.count(), data.rows(), data.cols(), 1);
        images = scope.withName("images").variable(imageShape, TUint8.class);
        labels = scope.withName("labels").variable(Shape.of(data.count()), TUint8.class);
        imagesIn = scope.withName("images_in").placeholder(TUint8.class, Placeholder.shape(imageShape));
        labelsIn = scope.withName("labels_in").placeholder(TUint8.class, Placeholder.shape(Shape.of(data.count())));
        load = scope.withControlDependencies(List.of(scope.assign(images, imagesIn),
                scope.assign(labels, labelsIn))).noOp();
    }

    /** A name for ops built on this data set, such as its evaluation graph. */
    String scopeName() {
        return images.op().name().replace('/', '_');
    }

    /** Pixels of the examples {@code idx} as floats in [0, 1], [N, 28, 28, 1]: Keras' x / 255. */
    Operand<TFloat32> images(Ops tf, Operand<TInt32> idx) {
        Operand<TUint8> raw = tf.gather(images, idx, tf.constant(0));
        return tf.math.div(tf.dtypes.cast(raw, TFloat32.class), tf.constant(255f));
    }

    /** Labels of the examples {@code idx}, one-hot, as Keras' {@code to_categorical}. */
    Operand<TFloat32> oneHotLabels(Ops tf, Operand<TInt32> idx) {
        Operand<TUint8> raw = tf.gather(labels, idx, tf.constant(0));
        return tf.oneHot(raw, tf.constant(FashionMnist.NUM_CLASSES), tf.constant(1f), tf.constant(0f));
    }

    void upload(Session session) {
        try (TUint8 im = TUint8.tensorOf(imagesIn.shape(), DataBuffers.of(data.images(), true, false));
             TUint8 lb = TUint8.tensorOf(labelsIn.shape(), DataBuffers.of(data.labels(), true, false));
             Result ignored = session.runner().feed(imagesIn, im).feed(labelsIn, lb).addTarget(load).run()) {
            // The data now lives in the graph's variables.
        }
    }
}
