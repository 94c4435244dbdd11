package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.Operation;
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

    public int poolSize() {
        return poolSize;
    }

    @Override
    public long paramCount() {
        return 0;
    }

    /**
     * TensorFlow's {@code MaxPool} with the window as attributes. {@code tf.nn.maxPool} builds
     * {@code MaxPoolV2}, whose window is a tensor; oneDNN replaces only the attribute form with its
     * own kernels, and its gradient is several times faster than MaxPoolGradV2's on the CPU.
     */
    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        long[] window = {1, poolSize, poolSize, 1};
        Operation pool = tf.scope().opBuilder("MaxPool", "MaxPool")
                .addInput(x.asOutput())
                .setAttr("ksize", window)
                .setAttr("strides", window)
                .setAttr("padding", Padding.VALID.tfName())
                .build();
        return pool.output(0);
    }
}
