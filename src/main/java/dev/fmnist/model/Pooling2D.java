package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What Keras' {@code MaxPooling2D} and {@code AveragePooling2D} share: a window, strides (by
 * default the window) and padding, over channels-last feature maps.
 */
public abstract class Pooling2D extends WeightlessLayer {
    private final int[] pool;
    private final int[] strides;
    private final Padding padding;
    private final String op;

    /** @param op TensorFlow's op: MaxPool or AvgPool */
    Pooling2D(String name, int[] pool, int[] strides, Padding padding, String op) {
        super(name);
        this.pool = pool.clone();
        this.strides = strides.clone();
        this.padding = padding;
        this.op = op;
    }

    @Override
    public final long[] build(long[] in, WeightStore weights) {
        Shapes.requireFeatureMap(name(), in);
        long h = padding.outputLength(in[0], pool[0], strides[0]);
        long w = padding.outputLength(in[1], pool[1], strides[1]);
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(name() + "'s window is larger than its " + in[0] + "x" + in[1] + " input");
        }
        return new long[] {h, w, in[2]};
    }

    /** The side of the window when it is square with strides equal to it and padding valid, else 0. */
    public final int poolSize() {
        boolean plain = pool[0] == pool[1] && strides[0] == pool[0] && strides[1] == pool[1] && padding == Padding.VALID;
        return plain ? pool[0] : 0;
    }

    @Override
    public final Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("pool_size", List.of(pool[0], pool[1]));
        c.put("padding", padding.toString());
        c.put("strides", List.of(strides[0], strides[1]));
        c.put("data_format", "channels_last");
        return c;
    }

    /**
     * TensorFlow's pooling op with the window as attributes: the op Keras builds (Python's
     * {@code tf.nn.max_pool2d} makes {@code MaxPool}; TensorFlow Java's {@code tf.nn.maxPool} would
     * make {@code MaxPoolV2}, whose window is a tensor). With same padding, average pooling counts
     * only the values inside the image, as Keras' does.
     */
    @Override
    public final Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        Operation pooled = tf.scope().opBuilder(op, op)
                .addInput(x.asOutput())
                .setAttr("ksize", new long[] {1, pool[0], pool[1], 1})
                .setAttr("strides", new long[] {1, strides[0], strides[1], 1})
                .setAttr("padding", padding.tfName())
                .build();
        return pooled.output(0);
    }
}
