package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** Keras' {@code GlobalAveragePooling2D()} and {@code GlobalMaxPooling2D()}: one value per channel. */
public final class GlobalPooling2D extends WeightlessLayer {
    private final boolean average;

    /** @param average mean over the feature map, else its maximum */
    public GlobalPooling2D(String name, boolean average) {
        super(name);
        this.average = average;
    }

    @Override
    public String typeName() {
        return average ? "GlobalAveragePooling2D" : "GlobalMaxPooling2D";
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        Shapes.requireFeatureMap(name(), in);
        return new long[] {in[2]};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("data_format", "channels_last");
        c.put("keepdims", false);
        return c;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[] {1, 2});
        return average ? tf.math.mean(x, axes, Mean.keepDims(false)) : tf.max(x, axes, Max.keepDims(false));
    }
}
