package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/** The loss from class numbers against categorical cross-entropy of one-hot rows, worked out here in double precision. */
class LossTest {
    private static final int N = 7;
    private static final int CLASSES = 10;

    @Test
    void lossGradientAndAccuracyAreCategoricalCrossEntropysOnOneHotRows() {
        Random random = new Random(5);
        float[] logits = new float[N * CLASSES];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (random.nextGaussian() * 4);
        }
        int[] labels = {0, 3, 9, 3, 7, 1, 5};
        float[] weights = {1f, 0.5f, 2f, 1f, 0f, 3f, 1f}; // a different incoming gradient for each example
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(N, CLASSES), DataBuffers.of(logits));
            Operand<TFloat32> perExample = Loss.perExample(tf, x, tf.constant(labels));
            Operand<TFloat32> weighted = tf.sum(tf.math.mul(perExample, tf.constant(weights)), tf.constant(0));
            Gradients grad = tf.gradients(weighted, List.of(x));
            try (Result r = s.runner().fetch(perExample).fetch(grad.dy(0))
                    .fetch(Loss.correctCount(tf, x, tf.constant(labels))).run()) {
                TFloat32 loss = (TFloat32) r.get(0);
                TFloat32 dx = (TFloat32) r.get(1);
                int correct = 0;
                for (int n = 0; n < N; n++) {
                    double max = Double.NEGATIVE_INFINITY;
                    int argMax = 0;
                    for (int c = 0; c < CLASSES; c++) {
                        if (logits[n * CLASSES + c] > max) {
                            max = logits[n * CLASSES + c];
                            argMax = c;
                        }
                    }
                    double sum = 0;
                    for (int c = 0; c < CLASSES; c++) {
                        sum += Math.exp(logits[n * CLASSES + c] - max);
                    }
                    double expected = Math.log(sum) - (logits[n * CLASSES + labels[n]] - max);
                    assertEquals(expected, loss.getFloat(n), 1e-5 * Math.max(1, expected), "loss of example " + n);
                    for (int c = 0; c < CLASSES; c++) {
                        double softmax = Math.exp(logits[n * CLASSES + c] - max) / sum;
                        double oneHot = c == labels[n] ? 1 : 0;
                        assertEquals(weights[n] * (softmax - oneHot), dx.getFloat(n, c), 1e-6,
                                "d loss / d logit " + c + " of example " + n);
                    }
                    correct += argMax == labels[n] ? 1 : 0;
                }
                assertEquals(correct, ((TFloat64) r.get(2)).getDouble());
            }
        }
    }
}
