package dev.fmnist.model;

import static dev.fmnist.model.GraphTesting.fetch;
import static dev.fmnist.model.GraphTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Each activation computes TensorFlow's op for its Keras name, bit for bit, on vectors and feature maps. */
class ActivationTest {
    /** What Keras' TensorFlow backend builds for each name. */
    private static BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> keras(Activation a) {
        return switch (a) {
            case LINEAR -> (tf, x) -> x;
            case RELU -> (tf, x) -> tf.nn.relu(x);
            case SOFTMAX -> (tf, x) -> tf.nn.softmax(x);
            case SIGMOID -> (tf, x) -> tf.math.sigmoid(x);
            case TANH -> (tf, x) -> tf.math.tanh(x);
            case ELU -> (tf, x) -> tf.nn.elu(x);
            case SELU -> (tf, x) -> tf.nn.selu(x);
            case SOFTPLUS -> (tf, x) -> tf.math.softplus(x);
            case SOFTSIGN -> (tf, x) -> tf.nn.softsign(x);
            case SWISH -> (tf, x) -> tf.math.mul(x, tf.math.sigmoid(x));
            case RELU6 -> (tf, x) -> tf.nn.relu6(x);
            case EXPONENTIAL -> (tf, x) -> tf.math.exp(x);
        };
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void eachIsTensorFlowsOpForItsKerasName(Activation a) {
        for (long[] shape : new long[][] {{7, 10}, {3, 4, 5, 6}}) {
            try (Graph g = new Graph(); Session s = new Session(g)) {
                Ops tf = Ops.create(g);
                int n = (int) Arrays.stream(shape).reduce(1, (p, q) -> p * q);
                float[] v = random(n, 5);
                for (int i = 0; i < n; i++) {
                    v[i] *= 8; // beyond relu6's cap and elu's knee
                }
                Operand<TFloat32> x = tf.constant(Shape.of(shape), DataBuffers.of(v));
                assertEquals(Arrays.toString(fetch(s, keras(a).apply(tf, x))), Arrays.toString(fetch(s, a.apply(tf, x))),
                        a + " on " + Arrays.toString(shape));
            }
        }
    }
}
