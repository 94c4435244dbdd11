package dev.fmnist.ops;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Our native op library (built from {@code native/}): the fused block Conv2D (one input channel)
 * + bias + ReLU + MaxPooling2D(2) as one TensorFlow op, and its gradient, which is registered here
 * in Java; a Dense layer's backward pass fused with its kernel's momentum update; dropout; and the
 * batch of scaled images a step reads from its data set.
 * The library travels inside the jars and is loaded once, on first use; where it cannot be loaded
 * (another platform, a build without gcc) {@link #available} says why and callers build stock ops
 * instead.
 */
public final class NativeOps {
    public static final String FORWARD = "FmnistConvReluPool";
    public static final String GRADIENT = "FmnistConvReluPoolGrad";
    public static final String DENSE_MOMENTUM = "FmnistDenseMomentum";
    public static final String DENSE_PRODUCT = "FmnistDenseProduct";
    public static final String BIAS_MOMENTUM = "FmnistBiasMomentum";
    public static final String DROPOUT = "FmnistDropout";
    public static final String SCALED_IMAGES = "FmnistScaledImages";
    static final String LIBRARY = "fmnist_ops";
    /**
     * The blocks the fused conv kernels take, as {@code native/src/crp.h} defines them (a test
     * checks that the two agree): square kernels of {@link #KERNEL_SMALL}, {@link #KERNEL_LARGE} or
     * {@link #KERNEL_LARGEST},
     * up to {@link #MAX_FILTERS} filters, images whose padded side plus 2, squared, is at most
     * {@link #MAX_PADDED_PIXELS}.
     */
    public static final int KERNEL_SMALL = 3;
    public static final int KERNEL_LARGE = 5;
    public static final int KERNEL_LARGEST = 7;
    public static final int MAX_FILTERS = 256;
    public static final long MAX_PADDED_PIXELS = 65536;

    private static boolean tried;
    private static String failure;

    private NativeOps() {}

    /** Loads the library on first call; true when the fused op can be built. */
    public static synchronized boolean available() {
        if (!tried) {
            tried = true;
            failure = load();
        }
        return failure == null;
    }

    /** Why the library is not available, as a sentence fragment; null when it is. */
    public static synchronized String whyUnavailable() {
        available();
        return failure;
    }

    /**
     * Whether the fused kernels take this block: one input channel of {@code height} x {@code width},
     * a square kernel of a size they have, and no more filters or pixels than they hold.
     *
     * @param same whether the convolution pads the image (same padding)
     */
    public static boolean supports(long height, long width, long inputChannels, int kernelSize, long filters,
                                   boolean same) {
        long pad = same ? (kernelSize - 1) / 2 : 0;
        boolean size = kernelSize == KERNEL_SMALL || kernelSize == KERNEL_LARGE || kernelSize == KERNEL_LARGEST;
        return inputChannels == 1 && size && filters >= 1
                && filters <= MAX_FILTERS && (height + 2 * pad + 2) * (width + 2 * pad + 2) <= MAX_PADDED_PIXELS;
    }

    /**
     * {@code MaxPool2x2(ReLU(BiasAdd(Conv2D(x, kernel), bias)))} as one op, for a supported block
     * ({@link #supports}) once {@link #available} is true.
     *
     * @param padding VALID or SAME
     */
    public static Operand<TFloat32> convReluPool(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel,
                                                 Operand<TFloat32> bias, String padding) {
        requireLoaded();
        Operation op = tf.scope().opBuilder(FORWARD, "ConvReluPool")
                .addInput(x.asOutput()).addInput(kernel.asOutput()).addInput(bias.asOutput())
                .setAttr("padding", padding).build();
        return op.output(0);
    }

    /**
     * A Dense layer's product {@code x kernel + bias} on every core, for a training step whose
     * backward pass through it is {@link #denseMomentum} and {@link #biasMomentum}: the op has no
     * gradient of its own. CPU only.
     *
     * @param kernel a variable [I,J]
     * @param bias   a variable [J]
     */
    public static Operand<TFloat32> denseProduct(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel,
                                                 Operand<TFloat32> bias) {
        requireLoaded();
        return tf.scope().opBuilder(DENSE_PRODUCT, "DenseProduct").addInput(x.asOutput()).addInput(kernel.asOutput())
                .addInput(bias.asOutput()).build().output(0);
    }

    /**
     * A Dense layer's bias gradient, the sum of {@code dz} over the examples, and TensorFlow's
     * ApplyMomentum of the bias with it, in place on {@code bias} and {@code accum}: BiasAddGrad and
     * ApplyMomentum in one op. CPU only; stateful.
     */
    public static Op biasMomentum(Ops tf, Operand<TFloat32> dz, Operand<TFloat32> lr, Operand<TFloat32> momentum,
                                  Operand<TFloat32> bias, Operand<TFloat32> accum) {
        requireLoaded();
        Operation op = tf.scope().opBuilder(BIAS_MOMENTUM, "BiasMomentum")
                .addInput(dz.asOutput()).addInput(lr.asOutput()).addInput(momentum.asOutput())
                .addInput(bias.asOutput()).addInput(accum.asOutput()).build();
        return () -> op;
    }

    /**
     * A training step's backward pass through a Dense layer's product {@code z = x kernel}, fused
     * with the kernel's SGD-with-momentum update: returns {@code dz kernel^T} (the kernel as it was),
     * and updates {@code kernel} and {@code accum} in place exactly as TensorFlow's ApplyMomentum
     * with the gradient {@code x^T dz} would. The op runs on the CPU only; it is stateful, so it
     * runs whenever the step does, even where nothing reads its output.
     *
     * @param kernel a variable [I,J]
     * @param accum  its momentum accumulator, a variable [I,J]
     */
    public static Operand<TFloat32> denseMomentum(Ops tf, Operand<TFloat32> x, Operand<TFloat32> dz,
                                                  Operand<TFloat32> lr, Operand<TFloat32> momentum,
                                                  Operand<TFloat32> kernel, Operand<TFloat32> accum) {
        requireLoaded();
        Operation op = tf.scope().opBuilder(DENSE_MOMENTUM, "DenseMomentum")
                .addInput(x.asOutput()).addInput(dz.asOutput()).addInput(lr.asOutput())
                .addInput(momentum.asOutput()).addInput(kernel.asOutput()).addInput(accum.asOutput())
                .build();
        return op.output(0);
    }

    /**
     * Dropout in training: {@code x} times the mask {@code scale} where TensorFlow's
     * {@code StatelessRandomUniform(shape(x), seed)} draws a number {@code >= rate}, else 0, bit
     * for bit the stock {@code x * (Cast(u >= rate) * scale)}, in one op. Its gradient is the same
     * op on the incoming gradient. CPU only.
     */
    public static Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, Operand<TInt64> seed, float rate,
                                            float scale) {
        requireLoaded();
        return tf.scope().opBuilder(DROPOUT, "Dropout").addInput(x.asOutput()).addInput(seed.asOutput())
                .setAttr("rate", rate).setAttr("scale", scale).build().output(0);
    }

    /**
     * The examples {@code indices} of a data set held as bytes, as floats divided by 255: bit for
     * bit the stock {@code Cast(GatherV2(images, indices, 0), float) / 255}, in one op and one pass;
     * an index out of range fails the run as GatherV2's does. CPU only; no gradient (data).
     *
     * @param images [M, ...] bytes
     * @param indices [N]
     */
    public static Operand<TFloat32> scaledImages(Ops tf, Operand<TUint8> images, Operand<TInt32> indices) {
        requireLoaded();
        return tf.scope().opBuilder(SCALED_IMAGES, "ScaledImages").addInput(images.asOutput())
                .addInput(indices.asOutput()).build().output(0);
    }

    private static void requireLoaded() {
        if (!available()) {
            throw new IllegalStateException("the native op library is not available: " + failure);
        }
    }

    private static String load() {
        Path library;
        try {
            library = locate();
        } catch (IOException | URISyntaxException e) {
            return "cannot unpack " + System.mapLibraryName(LIBRARY) + " (" + e.getMessage() + ")";
        }
        if (library == null) {
            return "this build has no " + System.mapLibraryName(LIBRARY) + " for " + describePlatform()
                    + " (the kernels are built by gcc on Linux x86-64 and arm64, and by clang on macOS)";
        }
        try {
            TensorFlow.loadLibrary(library.toString());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "TensorFlow could not load " + library + " (" + e.getMessage() + ")";
        }
        TensorFlow.registerCustomGradient(FORWARD, (tf, op, gradients) -> gradient(tf, op, gradients.get(0)));
        // d(x * mask)/dx is the mask: the same op, with the same seed, on the incoming gradient.
        TensorFlow.registerCustomGradient(DROPOUT, (tf, op, gradients) -> Arrays.<Operand<?>>asList(
                dropout(tf, gradients.get(0).expect(TFloat32.class), op.input(1).expect(TInt64.class),
                        op.attributes().getAttrFloat("rate"), op.attributes().getAttrFloat("scale")),
                tf.zerosLike(op.input(1))));
        return null;
    }

    /** The forward op's gradients: zero for the images (they are data), the kernel's and the bias'. */
    private static java.util.List<Operand<?>> gradient(Ops tf, GraphOperation forward, Operand<?> dy) {
        // TensorFlow holds the graph's lock while it asks for a gradient: reading a static shape here
        // would wait for it forever. Attributes are safe; the gradient op reads k from the kernel.
        Operation grad = tf.scope().opBuilder(GRADIENT, "ConvReluPoolGrad")
                .addInput(forward.input(0)).addInput(forward.input(1)).addInput(forward.output(1))
                .addInput(dy.asOutput())
                .setAttr("padding", forward.attributes().getAttrString("padding"))
                .build();
        // TensorFlow Java takes no null for "no gradient"; nothing runs this zero unless fetched.
        return Arrays.asList(tf.zerosLike(forward.input(0)), grad.output(0), grad.output(1));
    }

    private static String describePlatform() {
        String platform = NativeLibrary.platform();
        return platform != null ? platform
                : System.getProperty("os.name") + " on " + System.getProperty("os.arch");
    }

    /** The library as a file, or null on another platform. */
    private static Path locate() throws IOException, URISyntaxException {
        return NativeLibrary.locate(LIBRARY);
    }
}
