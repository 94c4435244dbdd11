package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code MaxPooling2D(pool_size)}: strides equal to the pool size, padding valid. */
public final class MaxPooling2D implements Layer {
    private final String name;
    private final int poolSize;

    public MaxPooling2D(String name, int poolSize) {
        this.name = name;
        this.poolSize = poolSize;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        return new long[] {
            Padding.VALID.outputLength(in[0], poolSize, poolSize),
            Padding.VALID.outputLength(in[1], poolSize, poolSize), in[2]
        };
    }

    @Override
    public long paramCount() {
        return 0;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        Operand<org.tensorflow.types.TInt32> window = tf.constant(new int[] {1, poolSize, poolSize, 1});
        return tf.nn.maxPool(x, window, window, Padding.VALID.tfName());
    }
}
