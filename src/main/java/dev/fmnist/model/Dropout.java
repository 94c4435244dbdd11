package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras' {@code Dropout(rate)}: inverted dropout. In training each unit is kept with probability
 * 1 - rate and scaled by 1 / (1 - rate); in inference the layer is the identity, so a serving
 * graph holds no random op at all.
 */
public final class Dropout extends ElementwiseLayer {
    private final double rate;
    /** Keeps this layer's random stream apart from any other dropout layer's in the same step. */
    private final long stream;

    public Dropout(String name, double rate, long stream) {
        super(name);
        this.rate = rate;
        this.stream = stream;
    }

    public double rate() {
        return rate;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("rate", rate);
        c.put("seed", null);
        c.put("noise_shape", null);
        return c;
    }

    /** The factor kept units are scaled by in training. */
    public float scale() {
        return (float) (1.0 / (1.0 - rate));
    }

    /** The seed pair of this layer's draws in the current training step. */
    public Operand<TInt64> seed(Ops tf, CallContext context) {
        return context.seed(tf, stream);
    }

    /** Whether the layer changes anything in {@code context}: only in training, with a rate above 0. */
    public boolean active(CallContext context) {
        return context.training() && rate > 0;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        if (!active(context)) {
            return x;
        }
        Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x, TInt64.class), seed(tf, context));
        Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) rate)), TFloat32.class);
        return tf.math.mul(x, tf.math.mul(keep, tf.constant(scale())));
    }
}
