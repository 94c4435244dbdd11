package dev.fmnist.train;

import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import java.util.Arrays;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Keras' {@code evaluate} and {@code predict} on one data set held in the graph: the model in
 * inference mode over chunks of examples chosen by index.
 */
final class Evaluation {
    /** Examples per {@code Session.run}; only float rounding depends on it. */
    static final int BATCH = 500;

    private final GraphData source;
    private final Placeholder<TInt32> indices;
    private final Operand<TFloat64> lossSum;
    private final Operand<TFloat64> correct;
    private final Operand<TFloat32> probabilities;

    /** @param logits builds the model's logits, in inference mode, for a batch of images in a scope */
    Evaluation(Ops tf, GraphData source, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> logits) {
        this.source = source;
        Ops scope = tf.withSubScope("eval_" + source.scopeName());
        indices = scope.withName("indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<TFloat32> out = logits.apply(scope, source.images(scope, indices));
        Operand<TInt32> labels = source.labels(scope, indices);
        lossSum = scope.dtypes.cast(scope.sum(Loss.crossEntropy(scope, out, labels).loss(), scope.constant(0)), TFloat64.class);
        correct = Loss.correctCount(scope, out, labels);
        probabilities = scope.nn.softmax(out);
    }

    /** Whether this scores examples of {@code data}. */
    boolean scores(Dataset data) {
        return source.holds(data);
    }

    Metrics evaluate(Session session, int[] idx) {
        return score(session, idx, null);
    }

    /** Class probabilities of the examples {@code idx}, a flat row-major [idx.length, 10] array. */
    float[] predict(Session session, int[] idx) {
        float[] out = new float[idx.length * FashionMnist.NUM_CLASSES];
        score(session, idx, out);
        return out;
    }

    /**
     * One pass over the examples {@code idx}: their mean loss and accuracy, and, unless
     * {@code probabilities} is null, their class probabilities written into it (row-major
     * [idx.length, 10]). Each chunk's loss, accuracy and probabilities come from one run.
     */
    Metrics score(Session session, int[] idx, float[] probabilities) {
        int classes = FashionMnist.NUM_CLASSES;
        double loss = 0;
        double right = 0;
        for (int from = 0; from < idx.length; from += BATCH) {
            int[] ids = chunk(idx, from);
            try (TInt32 t = TInt32.vectorOf(ids)) {
                Session.Runner runner = session.runner().feed(indices, t).fetch(lossSum).fetch(correct);
                if (probabilities != null) {
                    runner.fetch(this.probabilities);
                }
                try (Result out = runner.run()) {
                    loss += ((TFloat64) out.get(0)).getDouble();
                    right += ((TFloat64) out.get(1)).getDouble();
                    if (probabilities != null) {
                        float[] rows = new float[ids.length * classes];
                        ((TFloat32) out.get(2)).asRawTensor().data().asFloats().read(rows);
                        System.arraycopy(rows, 0, probabilities, from * classes, rows.length);
                    }
                }
            }
        }
        return new Metrics(loss / idx.length, right / idx.length, idx.length);
    }

    private static int[] chunk(int[] idx, int from) {
        return Arrays.copyOfRange(idx, from, Math.min(idx.length, from + BATCH));
    }
}
