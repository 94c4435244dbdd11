package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code ReLU()} layer, for models that normalise between a layer and its activation. */
public final class ReLU implements Layer {
    private final String name;

    public ReLU(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        return in.clone();
    }

    @Override
    public long paramCount() {
        return 0;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return Activation.RELU.apply(tf, x);
    }
}
