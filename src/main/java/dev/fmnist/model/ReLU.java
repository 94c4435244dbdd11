package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code ReLU()} layer, for models that normalise between a layer and its activation. */
public final class ReLU extends ElementwiseLayer {

    public ReLU(String name) {
        super(name);
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return Activation.RELU.apply(tf, x);
    }
}
