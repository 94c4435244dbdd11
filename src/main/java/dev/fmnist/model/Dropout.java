package dev.fmnist.model;

import dev.fmnist.ops.NativeOps;
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

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        if (!context.training() || rate == 0) {
            return x;
        }
        Operand<TInt64> seed = context.seed(tf, stream);
        float scale = (float) (1.0 / (1.0 - rate));
        if (context.cpuOps()) {
            // One op of ours draws the same random numbers and applies them, in a fraction of the time.
            return NativeOps.dropout(tf, x, seed, (float) rate, scale);
        }
        Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x, TInt64.class), seed);
        Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) rate)), TFloat32.class);
        return tf.math.mul(x, tf.math.mul(keep, tf.constant(scale)));
    }
}
