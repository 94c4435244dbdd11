package dev.fmnist.model;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A layer with a kernel, an optional zero-initialised bias and an activation: what Conv2D and
 * Dense share in Keras. Called, it is {@code activation(product(x) + bias)}; the fusion pass sees
 * those three parts apart.
 */
public abstract class KernelLayer implements Layer {
    private final String name;
    protected final Activation activation;
    private final Initializer kernelInitializer;
    protected final boolean useBias;
    protected Operand<TFloat32> kernel;
    protected Operand<TFloat32> bias;
    private long params;

    /** @param useBias false for Keras' {@code use_bias=False}, as before a BatchNormalization layer */
    protected KernelLayer(String name, Activation activation, Initializer kernelInitializer, boolean useBias) {
        this.name = name;
        this.activation = activation;
        this.kernelInitializer = kernelInitializer;
        this.useBias = useBias;
    }

    @Override
    public final String name() {
        return name;
    }

    public final Activation activation() {
        return activation;
    }

    @Override
    public final long paramCount() {
        return params;
    }

    /** Creates {@code name/kernel} of {@code kernelShape} and, with a bias, {@code name/bias} of {@code units}. */
    protected final void buildWeights(Shape kernelShape, long units, WeightStore weights) {
        kernel = weights.weight(name + "/kernel", kernelShape, kernelInitializer);
        bias = useBias ? weights.weight(name + "/bias", Shape.of(units), Initializer.ZEROS) : null;
        params = kernelShape.size() + (useBias ? units : 0);
    }

    /** The config keys Conv2D and Dense share, from the activation on, in Keras' order. */
    protected final void putKernelConfig(Map<String, Object> c, boolean activityRegularizer) {
        c.put("activation", activation.toString());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.kerasConfig());
        c.put("bias_initializer", Initializer.ZEROS.kerasConfig());
        c.put("kernel_regularizer", null);
        c.put("bias_regularizer", null);
        if (activityRegularizer) {
            c.put("activity_regularizer", null);
        }
        c.put("kernel_constraint", null);
        c.put("bias_constraint", null);
    }

    /** The kernel variable; the layer must be built. */
    public final Operand<TFloat32> kernel() {
        return kernel;
    }

    /** The bias variable, or null for Keras' {@code use_bias=False}; the layer must be built. */
    public final Operand<TFloat32> bias() {
        return bias;
    }

    public final boolean useBias() {
        return useBias;
    }

    /** {@code x} plus the bias, when the layer has one. */
    public final Operand<TFloat32> withBias(Ops tf, Operand<TFloat32> x) {
        return useBias ? tf.nn.biasAdd(x, bias) : x;
    }

    /**
     * The layer's linear map of {@code x} (convolution or matrix product), before bias and
     * activation, with the op Keras builds for it.
     */
    public abstract Operand<TFloat32> product(Ops tf, Operand<TFloat32> x);

    @Override
    public final Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return activation.apply(tf, withBias(tf, product(tf, x)));
    }
}
