package dev.fmnist.train;

import org.tensorflow.Operand;
import org.tensorflow.framework.losses.Losses;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/** What the lab compiles its model with: {@code loss='categorical_crossentropy', metrics=['accuracy']}. */
final class Loss {
    private Loss() {}

    /**
     * Keras' {@code categorical_crossentropy} of each example, computed from the logits as Keras does
     * after a softmax output (TensorFlow Java Framework's function, which Keras' mirrors).
     */
    static Operand<TFloat32> perExample(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> oneHotLabels) {
        return Losses.categoricalCrossentropy(tf, oneHotLabels, logits, true, 0f, -1);
    }

    /** Keras' categorical accuracy, summed: argmax of the prediction equals argmax of the one-hot label. */
    static Operand<TFloat64> correctCount(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> oneHotLabels) {
        Operand<TInt64> predicted = tf.math.argMax(logits, tf.constant(1));
        Operand<TInt64> truth = tf.math.argMax(oneHotLabels, tf.constant(1));
        return tf.sum(tf.dtypes.cast(tf.math.equal(predicted, truth), TFloat64.class), tf.constant(0));
    }
}
