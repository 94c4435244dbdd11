package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code MaxPooling2D(pool_size, strides, padding)}; the strides default to the pool size,
 * as in Keras. The window and strides may be rectangular.
 */
public final class MaxPooling2D implements Layer {
    private final String name;
    private final int[] pool;
    private final int[] strides;
    private final Padding padding;

    /** A square window of {@code poolSize}, strides equal to it, padding valid: what the lab uses. */
    public MaxPooling2D(String name, int poolSize) {
        this(name, new int[] {poolSize, poolSize}, new int[] {poolSize, poolSize}, Padding.VALID);
    }

    public MaxPooling2D(String name, int[] pool, int[] strides, Padding padding) {
        this.name = name;
        this.pool = pool.clone();
        this.strides = strides.clone();
        this.padding = padding;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        if (in.length != 3) {
            throw new IllegalArgumentException(name + " needs an input of [height, width, channels], not "
                    + java.util.Arrays.toString(in));
        }
        long h = padding.outputLength(in[0], pool[0], strides[0]);
        long w = padding.outputLength(in[1], pool[1], strides[1]);
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(name + "'s window is larger than its " + in[0] + "x" + in[1] + " input");
        }
        return new long[] {h, w, in[2]};
    }

    /** The side of the window when it is square with strides equal to it and padding valid, else 0. */
    public int poolSize() {
        boolean plain = pool[0] == pool[1] && strides[0] == pool[0] && strides[1] == pool[1] && padding == Padding.VALID;
        return plain ? pool[0] : 0;
    }

    public int[] pool() {
        return pool.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public Padding padding() {
        return padding;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("pool_size", List.of(pool[0], pool[1]));
        c.put("padding", padding.toString());
        c.put("strides", List.of(strides[0], strides[1]));
        c.put("data_format", "channels_last");
        return c;
    }

    @Override
    public long paramCount() {
        return 0;
    }

    /**
     * TensorFlow's {@code MaxPool} with the window as attributes. {@code tf.nn.maxPool} builds
     * {@code MaxPoolV2}, whose window is a tensor; oneDNN replaces only the attribute form with its
     * own kernels, and its gradient is several times faster than MaxPoolGradV2's on the CPU.
     */
    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        Operation op = tf.scope().opBuilder("MaxPool", "MaxPool")
                .addInput(x.asOutput())
                .setAttr("ksize", new long[] {1, pool[0], pool[1], 1})
                .setAttr("strides", new long[] {1, strides[0], strides[1], 1})
                .setAttr("padding", padding.tfName())
                .build();
        return op.output(0);
    }
}
