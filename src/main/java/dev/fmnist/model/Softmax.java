package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Softmax()} layer, over the last axis. */
public final class Softmax extends ElementwiseLayer {
    public Softmax(String name) {
        super(name);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("axis", -1);
        return c;
    }

    @Override
    public boolean outputsSoftmax() {
        return true;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return Activation.SOFTMAX.apply(tf, x);
    }
}
