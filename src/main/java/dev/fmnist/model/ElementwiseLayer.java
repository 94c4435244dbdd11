package dev.fmnist.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** A layer without weights whose output has its input's shape: activations, dropout, augmentation. */
abstract class ElementwiseLayer extends WeightlessLayer {
    /** The input shape, without the batch dimension, once built. */
    protected long[] shape;

    protected ElementwiseLayer(String name) {
        super(name);
    }

    @Override
    public final long[] build(long[] in, WeightStore weights) {
        shape = in.clone();
        return in.clone();
    }

    /** The shape [batch, trailing...], for one random draw (or several) per image of {@code x}. */
    protected static Operand<TInt64> perImage(Ops tf, Operand<TFloat32> x, long... trailing) {
        Operand<TInt64> batch = tf.slice(tf.shape(x, TInt64.class), tf.constant(new long[] {0}), tf.constant(new long[] {1}));
        return tf.concat(List.of(batch, tf.constant(trailing)), tf.constant(0));
    }
}
