package dev.fmnist.train;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/** What the lab compiles its model with: {@code loss='categorical_crossentropy', metrics=['accuracy']}. */
final class Loss {
    static {
        // TensorFlow has this loss's gradient in Python only: d loss / d logits is the op's second
        // output (softmax minus the one-hot row), times the incoming gradient of each example's loss.
        TensorFlow.registerCustomGradient(SparseSoftmaxCrossEntropyWithLogits.OP_NAME, (tf, op, gradients) ->
                Arrays.<Operand<?>>asList(
                        tf.math.mul(tf.expandDims(gradients.get(0).expect(TFloat32.class), tf.constant(-1)),
                                op.output(1).expect(TFloat32.class)),
                        tf.zerosLike(op.input(1))));
    }

    private Loss() {}

    /**
     * Keras' {@code categorical_crossentropy} of each example against its one-hot label, computed
     * from the logits as Keras does after a softmax output: log(sum(exp(logits))) minus the label's
     * logit, both shifted by the row's maximum. The labels stay class numbers: the terms a one-hot
     * row would multiply by zero are exactly zero, so this is the same loss, and the same gradient
     * (softmax minus the one-hot row), as the dense form, without building the one-hot rows.
     */
    static Operand<TFloat32> perExample(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
        return tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels).loss();
    }

    /** Keras' categorical accuracy, summed: the arg-max of the prediction is the label. */
    static Operand<TFloat64> correctCount(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
        Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(1), TInt32.class);
        return tf.sum(tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat64.class), tf.constant(0));
    }
}
