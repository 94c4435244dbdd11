package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Dense(units, activation, kernel_initializer)} with a zero-initialised bias. */
public final class Dense implements Layer {
    private final String name;
    private final int units;
    private final Activation activation;
    private final Initializer kernelInitializer;
    private final boolean useBias;
    private Operand<TFloat32> kernel;
    private Operand<TFloat32> bias;
    private long params;

    public Dense(String name, int units, Activation activation, Initializer kernelInitializer) {
        this(name, units, activation, kernelInitializer, true);
    }

    /** @param useBias false for Keras' {@code use_bias=False}, as before a BatchNormalization layer */
    public Dense(String name, int units, Activation activation, Initializer kernelInitializer, boolean useBias) {
        this.useBias = useBias;
        this.name = name;
        this.units = units;
        this.activation = activation;
        this.kernelInitializer = kernelInitializer;
    }

    @Override
    public String name() {
        return name;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        Shape kernelShape = Shape.of(in[0], units);
        kernel = weights.weight(name + "/kernel", kernelShape, kernelInitializer);
        bias = useBias ? weights.weight(name + "/bias", Shape.of(units), Initializer.ZEROS) : null;
        params = kernelShape.size() + (useBias ? units : 0);
        return new long[] {units};
    }

    @Override
    public long paramCount() {
        return params;
    }

    /** x W + b (b if any), before the activation: the logits when the activation is softmax. */
    public Operand<TFloat32> preActivation(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> product = tf.linalg.matMul(x, kernel);
        return useBias ? tf.nn.biasAdd(product, bias) : product;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return activation.apply(tf, preActivation(tf, x));
    }
}
