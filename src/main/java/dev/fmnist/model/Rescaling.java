package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Rescaling(scale, offset)}: x * scale + offset. */
public final class Rescaling extends ElementwiseLayer {
    private final double scale;
    private final double offset;

    public Rescaling(String name, double scale, double offset) {
        super(name);
        this.scale = scale;
        this.offset = offset;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("scale", scale);
        c.put("offset", offset);
        return c;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return tf.math.add(tf.math.mul(x, tf.constant((float) scale)), tf.constant((float) offset));
    }
}
