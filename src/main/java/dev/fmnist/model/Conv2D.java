package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
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
        return kernelHeight == kernelWidth && hasUnitStrides();
    }

    public Padding padding() {
        return padding;
    }

    /** Channels of the input; the layer must be built. */
    public long inputChannels() {
        return inputShape[2];
    }

    /** The input's shape [height, width, channels]; the layer must be built. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The output's shape [height, width, filters]; the layer must be built. */
    public long[] outputShape() {
        return outputShape.clone();
    }

    public int kernelHeight() {
        return kernelHeight;
    }

    public int kernelWidth() {
        return kernelWidth;
    }

    /** Whether both strides are 1. */
    public boolean hasUnitStrides() {
        return strideHeight == 1 && strideWidth == 1;
    }

    /** The convolution, before the bias: TensorFlow's Conv2D, as Keras builds it. */
    @Override
    public Operand<TFloat32> product(Ops tf, Operand<TFloat32> x) {
        return tf.nn.conv2d(x, kernel(), List.of(1L, (long) strideHeight, (long) strideWidth, 1L), padding.tfName());
    }
}
