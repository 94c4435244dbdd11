package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Flatten()}: channels-last order (H, W, C), as Keras flattens. */
public final class Flatten extends WeightlessLayer {
    private long units;

    public Flatten(String name) {
        super(name);
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        units = 1;
        for (long d : in) {
            units *= d;
        }
        return new long[] {units};
    }

    @Override
    public Map<String, Object> getConfig() {
        return new LinkedHashMap<>(Map.of("data_format", "channels_last"));
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return tf.reshape(x, tf.constant(new long[] {-1, units}));
    }
}
