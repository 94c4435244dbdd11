package dev.fmnist.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Conv2D(filters, kernel_size, padding, activation, kernel_initializer)}, stride 1, channels last. */
public final class Conv2D implements Layer {
    private final String name;
    private final int filters;
    private final int kernelSize;
    private final Padding padding;
    private final Activation activation;
    private final Initializer kernelInitializer;
    private Operand<TFloat32> kernel;
    private Operand<TFloat32> bias;
    private long params;

    public Conv2D(String name, int filters, int kernelSize, Padding padding, Activation activation,
                  Initializer kernelInitializer) {
        this.name = name;
        this.filters = filters;
        this.kernelSize = kernelSize;
        this.padding = padding;
        this.activation = activation;
        this.kernelInitializer = kernelInitializer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        long channels = in[2];
        Shape kernelShape = Shape.of(kernelSize, kernelSize, channels, filters);
        kernel = weights.weight(name + "/kernel", kernelShape, kernelInitializer);
        bias = weights.weight(name + "/bias", Shape.of(filters), Initializer.ZEROS);
        params = kernelShape.size() + filters;
        return new long[] {
            padding.outputLength(in[0], kernelSize, 1), padding.outputLength(in[1], kernelSize, 1), filters
        };
    }

    @Override
    public long paramCount() {
        return params;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        Operand<TFloat32> conv = tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), padding.tfName());
        return activation.apply(tf, tf.nn.biasAdd(conv, bias));
    }
}
