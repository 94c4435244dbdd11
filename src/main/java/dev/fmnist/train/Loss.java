package dev.fmnist.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * What the lab compiles its model with: {@code loss='categorical_crossentropy', metrics=['accuracy']},
 * from the logits, with the labels kept as class numbers.
 */
final class Loss {
    private Loss() {}

    /**
     * Keras' {@code categorical_crossentropy} of each example against its one-hot label, computed
     * from the logits as Keras does after a softmax output ({@code loss()}: log(sum(exp(logits)))
     * minus the label's logit, both shifted by the row's maximum), with its gradient at the logits
     * ({@code backprop()}: the row's softmax minus its one-hot row). The terms a one-hot row would
     * multiply by zero are exactly zero, so this is the dense form's loss and gradient, without the
     * one-hot rows.
     */
    static SparseSoftmaxCrossEntropyWithLogits<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits,
                                                                    Operand<TInt32> labels) {
        return tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels);
    }

    /**
     * The gradient of the batch's mean loss at the logits: each row's {@code backprop()} times the
     * mean's 1 / N, as TensorFlow's gradients of the mean would give it, bit for bit, without the ops
     * that spread a scalar over the batch and back.
     */
    static Operand<TFloat32> meanGradient(Ops tf, SparseSoftmaxCrossEntropyWithLogits<TFloat32> crossEntropy) {
        Operand<TFloat32> n = tf.dtypes.cast(tf.size(crossEntropy.loss()), TFloat32.class);
        return tf.math.mul(crossEntropy.backprop(), tf.math.div(tf.constant(1f), n));
    }

    /** Keras' categorical accuracy, summed: the arg-max of the prediction is the label. */
    static Operand<TFloat64> correctCount(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
        Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(1), TInt32.class);
        return tf.sum(tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat64.class), tf.constant(0));
    }
}
