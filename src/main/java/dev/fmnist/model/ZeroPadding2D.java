package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code ZeroPadding2D(padding=((top, bottom), (left, right)))}, channels last. */
public final class ZeroPadding2D extends WeightlessLayer {
    private final int[] padding;

    /** @param padding top, bottom, left, right */
    public ZeroPadding2D(String name, int[] padding) {
        super(name);
        this.padding = padding.clone();
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        Shapes.requireFeatureMap(name(), in);
        return new long[] {in[0] + padding[0] + padding[1], in[1] + padding[2] + padding[3], in[2]};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("padding", List.of(List.of(padding[0], padding[1]), List.of(padding[2], padding[3])));
        c.put("data_format", "channels_last");
        return c;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return tf.pad(x, tf.constant(new int[][] {{0, 0}, {padding[0], padding[1]}, {padding[2], padding[3]}, {0, 0}}),
                tf.constant(0f));
    }
}
