package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
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

    public int units() {
        return units;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("units", units);
        putKernelConfig(c, false);
        return c;
    }

    /** x W, before the bias. */
    @Override
    public Operand<TFloat32> product(Ops tf, Operand<TFloat32> x) {
        return tf.linalg.matMul(x, kernel());
    }
}
