package dev.fmnist.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Conv2D(filters, kernel_size, padding, activation, kernel_initializer)}, stride 1, channels last. */
public final class Conv2D extends KernelLayer {
    private final int filters;
    private final int kernelSize;
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
        super(name, activation, kernelInitializer, useBias);
        this.filters = filters;
        this.kernelSize = kernelSize;
        this.padding = padding;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        inputShape = in.clone();
        Shape kernelShape = Shape.of(kernelSize, kernelSize, in[2], filters);
        buildWeights(kernelShape, filters, weights);
        outputShape = new long[] {
            padding.outputLength(in[0], kernelSize, 1), padding.outputLength(in[1], kernelSize, 1), filters
        };
        return outputShape.clone();
    }

    public int filters() {
        return filters;
    }

    public int kernelSize() {
        return kernelSize;
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
        return inputShape[2] == 1 ? singleChannelConvolution(tf, x)
                : tf.nn.conv2d(x, kernel(), List.of(1L, 1L, 1L, 1L), padding.tfName());
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
            int before = (kernelSize - 1) / 2;
            int after = kernelSize - 1 - before;
            image = tf.pad(image, tf.constant(new int[][] {{0, 0}, {before, after}, {before, after}}), tf.constant(0f));
        }
        // Row i*k + j holds every output position's input pixel at kernel offset (i, j), in the
        // order [kh, kw] of the kernel's own layout.
        List<Operand<TFloat32>> rows = new ArrayList<>();
        for (int i = 0; i < kernelSize; i++) {
            for (int j = 0; j < kernelSize; j++) {
                Operand<TFloat32> shifted = tf.slice(image, tf.constant(new long[] {0, i, j}),
                        tf.constant(new long[] {-1, outH, outW}));
                rows.add(tf.reshape(shifted, tf.constant(new long[] {1, -1})));
            }
        }
        Operand<TFloat32> patches = tf.concat(rows, tf.constant(0));
        Operand<TFloat32> flatKernel = tf.reshape(kernel(), tf.constant(new long[] {(long) kernelSize * kernelSize, filters}));
        Operand<TFloat32> product = tf.linalg.matMul(patches, flatKernel, MatMul.transposeA(true));
        return tf.reshape(product, tf.constant(new long[] {-1, outH, outW, filters}));
    }
}
