package dev.fmnist.train;

import dev.fmnist.data.Dataset;
import dev.fmnist.ops.fusion.Fusion;
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
    private final Dataset data;
    private final Variable<TUint8> images;
    /** As int32, what the loss takes, so that a step casts nothing: 240 KB for the training set. */
    private final Variable<TInt32> labels;
    private final Placeholder<TUint8> imagesIn;
    private final Placeholder<TInt32> labelsIn;
    private final Op load;
    /** How a batch of images is read: stock ops or ours. */
    private final Fusion fusion;

    GraphData(Ops tf, Dataset data, int index, Fusion fusion) {
        this.data = data;
        this.fusion = fusion;
        Ops scope = tf.withSubScope("data_" + index);
        Shape imageShape = Shape.of(data.count(), data.rows(), data.cols(), 1);
        images = scope.withName("images").variable(imageShape, TUint8.class);
        labels = scope.withName("labels").variable(Shape.of(data.count()), TInt32.class);
        imagesIn = scope.withName("images_in").placeholder(TUint8.class, Placeholder.shape(imageShape));
        labelsIn = scope.withName("labels_in").placeholder(TInt32.class, Placeholder.shape(Shape.of(data.count())));
        load = scope.withControlDependencies(List.of(scope.assign(images, imagesIn),
                scope.assign(labels, labelsIn))).noOp();
    }

    /** Whether this holds {@code d}. */
    boolean holds(Dataset d) {
        return data == d;
    }

    /** The index of every example, in order. */
    int[] allIndices() {
        return data.allIndices();
    }

    /** A name for ops built on this data set, such as its evaluation graph. */
    String scopeName() {
        return images.op().name().replace('/', '_');
    }

    /** Pixels of the examples {@code idx} as floats in [0, 1], [N, 28, 28, 1]: Keras' x / 255. */
    Operand<TFloat32> images(Ops tf, Operand<TInt32> idx) {
        return fusion.scaledImages(tf, images, idx);
    }

    /**
     * Class numbers of the examples {@code idx}: what Keras' {@code to_categorical} makes one-hot rows
     * of, which {@link Loss} never needs to build.
     */
    Operand<TInt32> labels(Ops tf, Operand<TInt32> idx) {
        return tf.gather(labels, idx, tf.constant(0));
    }

    private static int[] classNumbers(byte[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = Byte.toUnsignedInt(labels[i]);
        }
        return out;
    }

    void upload(Session session) {
        try (TUint8 im = TUint8.tensorOf(imagesIn.shape(), DataBuffers.of(data.images(), true, false));
             TInt32 lb = TInt32.vectorOf(classNumbers(data.labels()));
             Result ignored = session.runner().feed(imagesIn, im).feed(labelsIn, lb).addTarget(load).run()) {
            // The data now lives in the graph's variables.
        }
    }
}
