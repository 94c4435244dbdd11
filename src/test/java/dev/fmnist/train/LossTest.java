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

/**
 * The loss from class numbers against categorical cross-entropy of one-hot rows: worked out here in
 * double precision, and, for the gradient, TensorFlow's own gradient of the mean of the one-hot form.
 */
class LossTest {
    private static final int N = 7;
    private static final int CLASSES = 10;

    @Test
    void lossMeanGradientAndAccuracyAreCategoricalCrossEntropysOnOneHotRows() {
        Random random = new Random(5);
        float[] logits = new float[N * CLASSES];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (random.nextGaussian() * 4);
        }
        int[] labels = {0, 3, 9, 3, 7, 1, 5};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(N, CLASSES), DataBuffers.of(logits));
            var crossEntropy = Loss.crossEntropy(tf, x, tf.constant(labels));
            Operand<TFloat32> oneHot = tf.oneHot(tf.constant(labels), tf.constant(CLASSES), tf.constant(1f),
                    tf.constant(0f));
            Operand<TFloat32> denseMean = tf.math.mean(
                    tf.nn.softmaxCrossEntropyWithLogits(x, oneHot).loss(), tf.constant(0));
            Gradients denseGradient = tf.gradients(denseMean, List.of(x));
            try (Result r = s.runner().fetch(crossEntropy.loss()).fetch(Loss.meanGradient(tf, crossEntropy))
                    .fetch(Loss.correctCount(tf, x, tf.constant(labels))).fetch(denseGradient.dy(0)).run()) {
                TFloat32 loss = (TFloat32) r.get(0);
                TFloat32 dx = (TFloat32) r.get(1);
                TFloat32 tfDx = (TFloat32) r.get(3);
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
                        double oneHotValue = c == labels[n] ? 1 : 0;
                        assertEquals((softmax - oneHotValue) / N, dx.getFloat(n, c), 1e-7,
                                "d mean loss / d logit " + c + " of example " + n);
                        assertEquals(Float.floatToIntBits(tfDx.getFloat(n, c)), Float.floatToIntBits(dx.getFloat(n, c)),
                                "TensorFlow's gradient of the one-hot mean, bit for bit: logit " + c + " of example " + n);
                    }
                    correct += argMax == labels[n] ? 1 : 0;
                }
                assertEquals(correct, ((TFloat64) r.get(2)).getDouble());
            }
        }
    }
}
