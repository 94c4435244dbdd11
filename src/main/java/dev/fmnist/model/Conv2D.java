package dev.fmnist.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code Conv2D(filters, kernel_size, strides, padding, activation, use_bias,
 * kernel_initializer)}, channels last; the kernel and the strides may be rectangular.
 */
public final class Conv2D extends KernelLayer {
    private final int filters;
    private final int kernelHeight;
    private final int kernelWidth;
    private final int strideHeight;
    private final int strideWidth;
    private final Padding padding;
    private long[] inputShape;
    private long[] outputShape;

    public Conv2D(String name, int filters, int kernelSize, Padding padding, Activation activation,
                  Initializer kernelInitializer) {
        this(name, filters, kernelSize, padding, activation, kernelInitializer, true);
    }

    /** @param useBias false for Keras' {@code use_bias=False} */
    public Conv2D(String name, int filters, int kernelSize, Padding padding, Activation activation,
                  Initializer kernelInitializer, boolean useBias) {
        this(name, filters, new int[] {kernelSize, kernelSize}, new int[] {1, 1}, padding, activation,
                kernelInitializer, useBias);
    }

    /**
     * @param kernel  kernel height and width
     * @param strides vertical and horizontal strides
     */
    public Conv2D(String name, int filters, int[] kernel, int[] strides, Padding padding, Activation activation,
                  Initializer kernelInitializer, boolean useBias) {
        super(name, activation, kernelInitializer, useBias);
        this.filters = filters;
        this.kernelHeight = kernel[0];
        this.kernelWidth = kernel[1];
        this.strideHeight = strides[0];
        this.strideWidth = strides[1];
        this.padding = padding;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        Shapes.requireFeatureMap(name(), in);
        inputShape = in.clone();
        outputShape = new long[] {
            padding.outputLength(in[0], kernelHeight, strideHeight),
            padding.outputLength(in[1], kernelWidth, strideWidth), filters
        };
        if (outputShape[0] < 1 || outputShape[1] < 1) {
            throw new IllegalArgumentException(name() + "'s kernel is larger than its " + in[0] + "x" + in[1] + " input");
        }
        Shape kernelShape = Shape.of(kernelHeight, kernelWidth, in[2], filters);
        buildWeights(kernelShape, filters, weights);
        return outputShape.clone();
    }

    public int filters() {
        return filters;
    }

    /** The side of a square kernel; see {@link #isSquareWithUnitStrides}. */
    public int kernelSize() {
        return kernelHeight;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("filters", filters);
        c.put("kernel_size", List.of(kernelHeight, kernelWidth));
        c.put("strides", List.of(strideHeight, strideWidth));
        c.put("padding", padding.toString());
        c.put("data_format", "channels_last");
        c.put("dilation_rate", List.of(1, 1));
        c.put("groups", 1);
        putKernelConfig(c, true);
        return c;
    }

    /** Whether the kernel is square and the strides 1, as in every model a preset builds. */
    public boolean isSquareWithUnitStrides() {
        return kernelHeight == kernelWidth && strideHeight == 1 && strideWidth == 1;
    }

    public Padding padding() {
        return padding;
    }

    /** Channels of the input; the layer must be built. */
    public long inputChannels() {
        return inputShape[2];
    }

    /** The convolution, before the bias. */
    @Override
    public Operand<TFloat32> product(Ops tf, Operand<TFloat32> x) {
        return inputShape[2] == 1 && strideHeight == 1 && strideWidth == 1 ? singleChannelConvolution(tf, x)
                : tf.nn.conv2d(x, kernel(), List.of(1L, (long) strideHeight, (long) strideWidth, 1L), padding.tfName());
    }

    /**
     * The same convolution as {@code Conv2D}, computed as one matrix product: the k*k shifted
     * copies of the image, stacked as rows, times the kernel flattened to [k*k, filters]. With a
     * single input channel TensorFlow's CPU convolution and its filter gradient are memory-bound
     * and slow; a matrix product, and the small product that is its gradient, are not. The sums
     * are the same; only the order of float additions may differ.
     */
    private Operand<TFloat32> singleChannelConvolution(Ops tf, Operand<TFloat32> x) {
        long outH = outputShape[0];
        long outW = outputShape[1];
        Operand<TFloat32> image = tf.reshape(x, tf.constant(new long[] {-1, inputShape[0], inputShape[1]}));
        if (padding == Padding.SAME) {
            int top = (kernelHeight - 1) / 2;
            int left = (kernelWidth - 1) / 2;
            image = tf.pad(image, tf.constant(new int[][] {{0, 0}, {top, kernelHeight - 1 - top},
                {left, kernelWidth - 1 - left}}), tf.constant(0f));
        }
        // Row i*kw + j holds every output position's input pixel at kernel offset (i, j), in the
        // order [kh, kw] of the kernel's own layout.
        List<Operand<TFloat32>> rows = new ArrayList<>();
        for (int i = 0; i < kernelHeight; i++) {
            for (int j = 0; j < kernelWidth; j++) {
                Operand<TFloat32> shifted = tf.slice(image, tf.constant(new long[] {0, i, j}),
                        tf.constant(new long[] {-1, outH, outW}));
                rows.add(tf.reshape(shifted, tf.constant(new long[] {1, -1})));
            }
        }
        Operand<TFloat32> patches = rows.size() == 1 ? rows.get(0) : tf.concat(rows, tf.constant(0));
        Operand<TFloat32> flatKernel = tf.reshape(kernel(), tf.constant(new long[] {(long) kernelHeight * kernelWidth, filters}));
        Operand<TFloat32> product = tf.linalg.matMul(patches, flatKernel, MatMul.transposeA(true));
        return tf.reshape(product, tf.constant(new long[] {-1, outH, outW, filters}));
    }
}
