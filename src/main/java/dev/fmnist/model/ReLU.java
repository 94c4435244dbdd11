package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code ReLU()} layer, for models that normalise between a layer and its activation. */
public final class ReLU extends ElementwiseLayer {

    public ReLU(String name) {
        super(name);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("max_value", null);
        c.put("negative_slope", 0.0);
        c.put("threshold", 0.0);
        return c;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return Activation.RELU.apply(tf, x);
    }
}
