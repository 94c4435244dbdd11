package dev.fmnist.model;

import dev.fmnist.util.EnumText;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras' weight initialisers. Random ones draw from TensorFlow's stateless uniform generator with
 * an explicit seed pair, so a model's initial weights depend on the seed alone, not on the order
 * in which ops were created or how many times a session ran.
 */
public enum Initializer {
    /** U(-l, l), l = sqrt(6 / fan_in). */
    HE_UNIFORM,
    /** U(-l, l), l = sqrt(6 / (fan_in + fan_out)); Keras' default for Dense and Conv2D. */
    GLOROT_UNIFORM,
    ZEROS,
    ONES;

    /** The uniform bound for a weight of this shape (conv kernels are kh x kw x in x out). */
    public double limit(Shape shape) {
        long receptive = 1;
        for (int i = 0; i < shape.numDimensions() - 2; i++) {
            receptive *= shape.get(i);
        }
        long fanIn = shape.numDimensions() >= 2 ? receptive * shape.get(shape.numDimensions() - 2) : shape.get(0);
        long fanOut = shape.numDimensions() >= 2 ? receptive * shape.get(shape.numDimensions() - 1) : shape.get(0);
        return switch (this) {
            case HE_UNIFORM -> Math.sqrt(6.0 / fanIn);
            case GLOROT_UNIFORM -> Math.sqrt(6.0 / (fanIn + fanOut));
            case ZEROS, ONES -> 0;
        };
    }

    /** The initial value of a weight of {@code shape}, drawn with the seed pair {@code (seed, stream)}. */
    public Operand<TFloat32> initialValue(Ops tf, Shape shape, long seed, long stream) {
        Operand<TInt64> dims = tf.constant(shape.asArray());
        if (this == ZEROS) {
            return tf.zeros(dims, TFloat32.class);
        }
        if (this == ONES) {
            return tf.fill(dims, tf.constant(1f));
        }
        float l = (float) limit(shape);
        Operand<TFloat32> unit = tf.random.statelessRandomUniform(dims, tf.constant(new long[] {seed, stream}));
        // unit is U[0, 1); map it onto U[-l, l).
        return tf.math.sub(tf.math.mul(unit, tf.constant(2 * l)), tf.constant(l));
    }

    /** Keras 3's serialisation: {@code {"module": "keras.initializers", "class_name": "HeUniform", ...}}. */
    public Map<String, Object> kerasConfig() {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("module", "keras.initializers");
        i.put("class_name", switch (this) {
            case HE_UNIFORM -> "HeUniform";
            case GLOROT_UNIFORM -> "GlorotUniform";
            case ZEROS -> "Zeros";
            case ONES -> "Ones";
        });
        Map<String, Object> config = new LinkedHashMap<>();
        if (this == HE_UNIFORM || this == GLOROT_UNIFORM) {
            config.put("seed", null);
        }
        i.put("config", config);
        i.put("registered_name", null);
        return i;
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
