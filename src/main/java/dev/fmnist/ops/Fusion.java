package dev.fmnist.ops;

import dev.fmnist.model.Activation;
import dev.fmnist.model.CallContext;
import dev.fmnist.model.Conv2D;
import dev.fmnist.model.Dense;
import dev.fmnist.model.Dropout;
import dev.fmnist.model.Layer;
import dev.fmnist.model.MaxPooling2D;
import dev.fmnist.model.ReLU;
import dev.fmnist.model.Sequential;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The one place that decides how a model's layers run: it reads the layer list (the layers never
 * know) and builds, block by block, the same function out of faster pieces.
 *
 * <ul>
 *   <li>Always, with stock ops: ReLU moved after MaxPooling2D (exact, see {@link #forward}).
 *   <li>With our kernels: Conv2D (one input channel) + bias + ReLU + MaxPooling2D(2) as our fused op.
 *   <li>With our kernels on the CPU: Dropout as our op, and, with SGD, each Dense layer's
 *       backward pass fused with its kernel's momentum update ({@link #gradients}).
 * </ul>
 */
public final class Fusion {
    /** TensorFlow's ops only, as a portable graph needs; the exact stock rewrites still apply. */
    public static final Fusion STOCK = new Fusion(false, false);

    /**
     * Dense layers with fewer units than this compute their forward product with our op on every
     * core ({@link NativeOps#denseProduct}); wider ones keep TensorFlow's MatMul, which our op does
     * not beat on Exercise 9's 512 units (1.7 against 2.2 ms a step). Every Dense layer's backward
     * pass is our op: even the 10-unit output layer's, where the work is tiny, TensorFlow's three
     * ops cost more than one of ours (the default model's epoch about 5% faster).
     */
    static final int DENSE_PRODUCT_MAX_UNITS = 64;

    private final boolean fusedBlocks;
    private final boolean cpuOps;

    private Fusion(boolean fusedBlocks, boolean cpuOps) {
        this.fusedBlocks = fusedBlocks;
        this.cpuOps = cpuOps;
    }

    /**
     * The fusion for a run with {@code kernels} on the CPU ({@code onCpu}) or a GPU: our CPU-only
     * ops join only on the CPU.
     *
     * @throws IllegalStateException for native kernels where our library does not load
     */
    public static Fusion of(Kernels kernels, boolean onCpu) {
        if (kernels == Kernels.STOCK) {
            return STOCK;
        }
        if (!NativeOps.available()) {
            throw new IllegalStateException("the native kernels are not available: " + NativeOps.whyUnavailable());
        }
        return new Fusion(true, onCpu);
    }

    /**
     * What an SGD-with-momentum optimizer hands the fusion so that our op can apply its update
     * inside a Dense layer's backward pass: TensorFlow's ApplyMomentum with these operands.
     *
     * @param accumulator the momentum slot of a kernel variable
     */
    public record Momentum(Operand<TFloat32> learningRate, Operand<TFloat32> momentum,
                           UnaryOperator<Variable<TFloat32>> accumulator) {}

    /**
     * A Dense layer's product {@code output = input kernel} in a training graph (with its bias when
     * our product op adds it; {@code bias} null for a layer without one), before its activation:
     * where backpropagation is cut so that our ops update the kernel and bias in the pass that
     * carries the gradient on to {@code input}.
     */
    private record DenseProduct(Operand<TFloat32> kernel, Operand<TFloat32> bias, Operand<TFloat32> input,
                                Operand<TFloat32> output) {}

    /** The logits of a forward pass, and what its backward pass needs to know of how it was built. */
    public static final class Forward {
        private final Operand<TFloat32> logits;
        private final Momentum momentum;
        private final List<DenseProduct> products;

        private Forward(Operand<TFloat32> logits, Momentum momentum, List<DenseProduct> products) {
            this.logits = logits;
            this.momentum = momentum;
            this.products = List.copyOf(products);
        }

        public Operand<TFloat32> logits() {
            return logits;
        }
    }

    /** The logits of {@code model}, with no optimizer to fuse (evaluation, serving, other optimizers). */
    public Operand<TFloat32> logits(Ops tf, Sequential model, Operand<TFloat32> images, CallContext context) {
        return forward(tf, model, images, context, null).logits();
    }

    /**
     * The logits of {@code model} on {@code images}, built block by block.
     *
     * <p>ReLU is monotonic, so MaxPool(ReLU(x)) == ReLU(MaxPool(x)) exactly, gradients too: a window
     * whose maximum is <= 0 passes no gradient either way, and otherwise both route it to the same
     * element. Applying ReLU after pooling touches a quarter of the values and lets TensorFlow fuse
     * the bias into the convolution.
     *
     * @param momentum the optimizer's momentum update, to fuse into Dense layers' backward
     *                 passes on the CPU; null for none
     */
    public Forward forward(Ops tf, Sequential model, Operand<TFloat32> images, CallContext context,
                           Momentum momentum) {
        boolean fuseDense = cpuOps && context.training() && momentum != null;
        List<Layer> layers = model.layers();
        List<DenseProduct> products = new ArrayList<>();
        Operand<TFloat32> x = model.input(tf, images);
        for (int i = 0; i < layers.size() - 1; i++) {
            Layer layer = layers.get(i);
            Layer next = layers.get(i + 1);
            if (fusedBlocks && layer instanceof Conv2D conv && next instanceof MaxPooling2D pool && fusable(conv, pool)) {
                x = NativeOps.convReluPool(tf, x, conv.kernel(), conv.bias(), conv.padding().tfName());
                i++;
            } else if (layer instanceof Conv2D conv && conv.activation() == Activation.RELU
                    && next instanceof MaxPooling2D pool) {
                x = Activation.RELU.apply(tf, pool.call(tf, conv.preActivation(tf, x), context));
                i++;
            } else if (layer instanceof ReLU && next instanceof MaxPooling2D pool) {
                x = Activation.RELU.apply(tf, pool.call(tf, x, context));
                i++;
            } else if (cpuOps && layer instanceof Dropout dropout && dropout.active(context)) {
                // One op of ours draws TensorFlow's own random numbers and applies them, in a fraction of the time.
                x = NativeOps.dropout(tf, x, dropout.seed(tf, context), (float) dropout.rate(), dropout.scale());
            } else if (fuseDense && layer instanceof Dense dense) {
                x = dense.activation().apply(tf, denseWithProduct(tf, dense, x, products));
            } else {
                x = layer.call(tf, x, context);
            }
        }
        Dense output = model.output();
        Operand<TFloat32> logits = fuseDense ? denseWithProduct(tf, output, x, products) : output.preActivation(tf, x);
        return new Forward(logits, momentum, products);
    }

    /** Our fused block takes this Conv2D and pooling: a bias, ReLU, one input channel, sizes it supports. */
    private static boolean fusable(Conv2D conv, MaxPooling2D pool) {
        return pool.poolSize() == 2 && conv.isSquareWithUnitStrides() && conv.useBias()
                && conv.activation() == Activation.RELU && NativeOps.supports(conv.inputChannels(), conv.kernelSize(), conv.filters());
    }

    /**
     * The Dense layer's output before its activation, recording where the backward pass is cut:
     * our product with its bias, or TensorFlow's MatMul before the bias.
     */
    private static Operand<TFloat32> denseWithProduct(Ops tf, Dense dense, Operand<TFloat32> x,
                                                      List<DenseProduct> products) {
        Operand<TFloat32> bias = dense.useBias() ? dense.bias() : null;
        if (bias != null && dense.units() < DENSE_PRODUCT_MAX_UNITS) {
            Operand<TFloat32> output = NativeOps.denseProduct(tf, x, dense.kernel(), bias);
            products.add(new DenseProduct(dense.kernel(), bias, x, output));
            return output;
        }
        Operand<TFloat32> product = dense.product(tf, x);
        products.add(new DenseProduct(dense.kernel(), bias, x, product));
        return dense.withBias(tf, product);
    }

    /**
     * The gradients of a training step, and the updates our fused ops already made.
     *
     * @param gradients one per trainable weight, in order; null for a kernel or bias our ops updated
     * @param updates   our fused ops' updates, which the step must run
     */
    public record Backward(List<Operand<TFloat32>> gradients, List<Op> updates) {}

    /**
     * The gradients of the loss for every weight of {@code trainable}, given its gradient
     * {@code dLogits} at the logits of {@code forward}, as {@code tf.gradients} gives them, except
     * for the kernels of the Dense products that {@code forward} recorded:
     * backpropagation is cut at each of those products, from the top down, and our op
     * ({@link NativeOps#denseMomentum}) carries the gradient through the product while it applies
     * the kernel's momentum update, reading and writing the kernel once instead of three times;
     * another ({@link NativeOps#biasMomentum}) sums the same gradient into the layer's bias update,
     * so those biases are left out of {@code tf.gradients} too. Nothing else reads those kernels
     * and biases after the forward pass, which the gradient reaching a product already waits for,
     * so the updates in place are safe there.
     */
    public Backward gradients(Ops tf, Operand<TFloat32> dLogits, List<Variable<TFloat32>> trainable, Forward forward) {
        List<DenseProduct> products = forward.products;
        int[] cut = new int[products.size()];
        // Where each product's bias is among the weights (-1 for none): our op (FmnistBiasMomentum)
        // updates it, so it is left out of TensorFlow's gradients.
        int[] biasAt = new int[products.size()];
        java.util.Set<Integer> biases = new java.util.HashSet<>();
        for (int k = 0; k < cut.length; k++) {
            cut[k] = trainable.indexOf(products.get(k).kernel());
            if (cut[k] < 0 || (k > 0 && cut[k] <= cut[k - 1])) {
                throw new IllegalStateException("a Dense product's kernel is not a trainable weight in layer order");
            }
            Operand<TFloat32> bias = products.get(k).bias();
            biasAt[k] = bias == null ? -1 : trainable.indexOf(bias);
            if (biasAt[k] >= 0) {
                biases.add(biasAt[k]);
            }
        }
        List<Operand<TFloat32>> out = new ArrayList<>(Collections.nCopies(trainable.size(), null));
        List<Op> updates = new ArrayList<>();
        Operand<TFloat32> y = forward.logits;
        Operand<TFloat32> dy = dLogits;
        int upper = trainable.size();
        for (int k = cut.length; k >= 0; k--) {
            int lower = k > 0 ? cut[k - 1] + 1 : 0;
            List<Operand<?>> targets = new ArrayList<>();
            if (k > 0) {
                targets.add(products.get(k - 1).output());
            }
            List<Integer> asked = new ArrayList<>();
            for (int i = lower; i < upper; i++) {
                if (!biases.contains(i)) {
                    targets.add(trainable.get(i));
                    asked.add(i);
                }
            }
            if (targets.isEmpty()) {
                break;
            }
            Gradients g = tf.gradients(y, targets, Gradients.dx(List.of(dy)));
            int first = k > 0 ? 1 : 0;
            for (int a = 0; a < asked.size(); a++) {
                out.set(asked.get(a), tf.identity(g.<TFloat32>dy(first + a)));
            }
            if (k == 0) {
                break;
            }
            DenseProduct p = products.get(k - 1);
            Variable<TFloat32> kernel = trainable.get(cut[k - 1]);
            Momentum m = forward.momentum;
            Operand<TFloat32> dx = NativeOps.denseMomentum(tf, p.input(), g.<TFloat32>dy(0), m.learningRate(),
                    m.momentum(), kernel, m.accumulator().apply(kernel));
            updates.add(dx::op);
            if (biasAt[k - 1] >= 0) {
                Variable<TFloat32> b = trainable.get(biasAt[k - 1]);
                updates.add(NativeOps.biasMomentum(tf, g.<TFloat32>dy(0), m.learningRate(), m.momentum(), b,
                        m.accumulator().apply(b)));
            }
            y = p.input();
            dy = dx;
            upper = cut[k - 1];
        }
        return new Backward(out, updates);
    }
}
