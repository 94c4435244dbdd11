package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code RandomFlip("horizontal")}: in training each image is mirrored left to right with
 * probability 1/2; in inference the layer is the identity, so a serving graph holds no random op.
 */
public final class RandomFlip extends ElementwiseLayer {
    private final long stream;

    /** @param stream keeps this layer's random draws apart from other random layers' in the same step */
    public RandomFlip(String name, long stream) {
        super(name);
        this.stream = stream;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seed", null);
        c.put("mode", "horizontal");
        return c;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        if (!context.training()) {
            return x;
        }
        Operand<TFloat32> u = tf.random.statelessRandomUniform(perImage(tf, x, 1, 1, 1), context.seed(tf, stream));
        Operand<TBool> flip = tf.math.less(u, tf.constant(0.5f));
        return tf.select(flip, tf.reverse(x, tf.constant(new int[] {2})), x);
    }
}
