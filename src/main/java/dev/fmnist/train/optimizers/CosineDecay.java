package dev.fmnist.train.optimizers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras' {@code CosineDecay(initial_learning_rate, decay_steps)} (alpha 0): at 0-based step s,
 * {@code lr * (1 + cos(pi * min(s, decay_steps) / decay_steps)) / 2}, from the full rate down to 0.
 *
 * @param decaySteps a float scalar in the graph, so that one graph serves fits of any length
 */
public record CosineDecay(double initialLearningRate, Operand<TFloat32> decaySteps) implements LearningRateSchedule {
    @Override
    public Operand<TFloat32> rate(Ops tf, Operand<TInt64> step) {
        Operand<TFloat32> lr = tf.constant((float) initialLearningRate);
        Operand<TFloat32> done = tf.math.minimum(tf.dtypes.cast(tf.math.sub(step, tf.constant(1L)), TFloat32.class),
                decaySteps);
        Operand<TFloat32> cosine = tf.math.cos(tf.math.mul(tf.math.div(done, decaySteps), tf.constant((float) Math.PI)));
        return tf.math.mul(lr, tf.math.mul(tf.constant(0.5f), tf.math.add(tf.constant(1f), cosine)));
    }
}
