package dev.fmnist.model;

import dev.fmnist.ops.NativeOps;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Dense(units, activation, kernel_initializer)} with a zero-initialised bias. */
public final class Dense extends KernelLayer {
    private final int units;

    public Dense(String name, int units, Activation activation, Initializer kernelInitializer) {
        this(name, units, activation, kernelInitializer, true);
    }

    /** @param useBias false for Keras' {@code use_bias=False} */
    public Dense(String name, int units, Activation activation, Initializer kernelInitializer, boolean useBias) {
        super(name, activation, kernelInitializer, useBias);
        this.units = units;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        buildWeights(Shape.of(in[0], units), units, weights);
        return new long[] {units};
    }

    /** x W + b (b if any), before the activation: the logits when the activation is softmax. */
    @Override
    public Operand<TFloat32> preActivation(Ops tf, Operand<TFloat32> x) {
        return preActivation(tf, x, CallContext.INFERENCE);
    }

    /**
     * The same, recording the product x W in the context (see {@link CallContext#products}) when the
     * layer is wide enough for our fused backward pass to pay.
     */
    @Override
    public Operand<TFloat32> preActivation(Ops tf, Operand<TFloat32> x, CallContext context) {
        Operand<TFloat32> product = tf.linalg.matMul(x, kernel);
        if (units >= NativeOps.DENSE_MOMENTUM_MIN_UNITS) {
            context.recordProduct(new DenseProduct(kernel, x, product));
        }
        return withBias(tf, product);
    }
}
