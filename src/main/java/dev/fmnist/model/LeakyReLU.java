package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** Keras' {@code LeakyReLU(negative_slope)} (Keras 2's {@code alpha}). */
public final class LeakyReLU extends ElementwiseLayer {
    private final double slope;

    public LeakyReLU(String name, double slope) {
        super(name);
        this.slope = slope;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("negative_slope", slope);
        return c;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return tf.nn.leakyRelu(x, LeakyRelu.alpha((float) slope));
    }
}
