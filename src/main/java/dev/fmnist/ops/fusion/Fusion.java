package dev.fmnist.ops.fusion;

import dev.fmnist.model.Activation;
import dev.fmnist.model.CallContext;
import dev.fmnist.model.KernelLayer;
import dev.fmnist.model.Layer;
import dev.fmnist.model.Sequential;
import dev.fmnist.ops.Kernels;
import dev.fmnist.ops.NativeOps;
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
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The one forward walk, which builds every graph of a model (training, evaluation, serving), and
 * the one place that decides how its layers run: the layers build Keras' stock form, and the
 * {@link #RULES} replace steps of it with faster forms that compute the same function. A fusion
 * says which kernels the rules may use: {@link #STOCK} (TensorFlow's ops only, as a portable
 * graph needs; the exact stock rewrites still apply), or ours, on a GPU or on the CPU.
 */
public final class Fusion {
    /** The rules, tried in this order at every step; the first that matches builds. */
    static final List<Rule> RULES = List.of(
            new ConvReluPoolRule(),
            new DenseProductRule(),
            new DenseMomentumRule(),
            new BiasMomentumRule(),
            new DropoutRule(),
            new ReluAfterPoolRule(),
            new SingleChannelConvRule());

    /** TensorFlow's ops only: what a SavedModel holds. */
    public static final Fusion STOCK = new Fusion(false, false, null);

    private final boolean ourOps;
    private final boolean ourCpuOps;
    private final List<Rule> rules;

    /** @param rules the rules to try, or null for {@link #RULES} */
    Fusion(boolean ourOps, boolean ourCpuOps, List<Rule> rules) {
        this.ourOps = ourOps;
        this.ourCpuOps = ourCpuOps;
        this.rules = rules == null ? RULES : List.copyOf(rules);
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
        return new Fusion(true, onCpu, null);
    }

    boolean ourOps() {
        return ourOps;
    }

    boolean ourCpuOps() {
        return ourCpuOps;
    }

    /**
     * What an SGD-with-momentum optimizer offers the rules so that our ops can apply its update
     * inside the backward pass: TensorFlow's ApplyMomentum with these operands.
     *
     * @param accumulator the momentum slot of a weight variable
     */
    public record Momentum(Operand<TFloat32> learningRate, Operand<TFloat32> momentum,
                           UnaryOperator<Variable<TFloat32>> accumulator) {}

    /** The logits of a forward pass, and the cuts its backward pass must take. */
    public static final class Forward {
        private final Operand<TFloat32> logits;
        private final List<Cut> cuts;

        private Forward(Operand<TFloat32> logits, List<Cut> cuts) {
            this.logits = logits;
            this.cuts = cuts;
        }

        public Operand<TFloat32> logits() {
            return logits;
        }
    }

    /**
     * The logits of {@code model} (which must end in a softmax Dense layer) on {@code images}: every
     * step but the output layer's softmax.
     *
     * @param momentum the optimizer's update, which rules may fuse into the backward pass of a
     *                 training graph; null for none
     */
    public Forward forward(Ops tf, Sequential model, Operand<TFloat32> images, CallContext context,
                           Momentum momentum) {
        model.output(); // a model that trains ends in a softmax Dense layer
        Walk walk = new Walk(this, tf, context, momentum);
        List<Step> steps = steps(model);
        Operand<TFloat32> logits = build(walk, steps.subList(0, steps.size() - 1), model.input(tf, images));
        return new Forward(logits, walk.cuts());
    }

    /** The logits of {@code model}, with no optimizer to fuse (evaluation, other optimizers). */
    public Operand<TFloat32> logits(Ops tf, Sequential model, Operand<TFloat32> images, CallContext context) {
        return forward(tf, model, images, context, null).logits();
    }

    /**
     * Class probabilities in inference, as Keras' {@code model(x)} returns them. A model read from a
     * Keras file that ends in something other than a softmax (logits, say) gets one here, so that
     * what it returns reads as probabilities; the most likely class is the same.
     */
    public Operand<TFloat32> probabilities(Ops tf, Sequential model, Operand<TFloat32> images) {
        if (model.endsInSoftmaxDense()) {
            return tf.nn.softmax(logits(tf, model, images, CallContext.INFERENCE));
        }
        Operand<TFloat32> out = output(tf, model, images, CallContext.INFERENCE);
        List<Layer> layers = model.layers();
        return layers.get(layers.size() - 1).outputsSoftmax() ? out : tf.nn.softmax(out);
    }

    /**
     * The examples {@code indices} of a data set held as bytes, as floats in [0, 1] (Keras' x / 255):
     * TensorFlow's Gather, Cast and Div, or, with our CPU ops, our one op with the same numbers.
     */
    public Operand<TFloat32> scaledImages(Ops tf, Operand<TUint8> images, Operand<TInt32> indices) {
        if (ourCpuOps) {
            return NativeOps.scaledImages(tf, images, indices);
        }
        Operand<TUint8> raw = tf.gather(images, indices, tf.constant(0));
        return tf.math.div(tf.dtypes.cast(raw, TFloat32.class), tf.constant(255f));
    }

    /** What the last layer of {@code model} gives, every step built. */
    Operand<TFloat32> output(Ops tf, Sequential model, Operand<TFloat32> images, CallContext context) {
        return build(new Walk(this, tf, context, null), steps(model), model.input(tf, images));
    }

    /** The model's layers as steps: a Conv2D or Dense layer as its product, bias and activation. */
    static List<Step> steps(Sequential model) {
        List<Step> steps = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof KernelLayer k) {
                steps.add(new Step.Product(k));
                if (k.useBias()) {
                    steps.add(new Step.Bias(k));
                }
                if (k.activation() != Activation.LINEAR) {
                    steps.add(new Step.Activate(k));
                }
            } else {
                steps.add(new Step.Call(layer));
            }
        }
        return steps;
    }

    /** Each step through the first rule that matches it, or in its stock form. */
    private Operand<TFloat32> build(Walk walk, List<Step> steps, Operand<TFloat32> x) {
        for (int at = 0; at < steps.size(); ) {
            int taken = 0;
            for (Rule rule : rules) {
                taken = rule.matches(walk, steps, at);
                if (taken > 0) {
                    x = rule.build(walk, steps.subList(at, at + taken), x);
                    break;
                }
            }
            if (taken == 0) {
                x = steps.get(at).stock(walk.tf(), x, walk.context());
                taken = 1;
            }
            at += taken;
        }
        return x;
    }

    /**
     * The gradients of a training step, and the updates the cuts' ops already made.
     *
     * @param gradients one per trainable weight, in order; null for a weight a cut updated
     * @param updates   the cuts' updates, which the step must run
     */
    public record Backward(List<Operand<TFloat32>> gradients, List<Op> updates) {}

    /**
     * The gradients of the loss for every weight of {@code trainable}, given its gradient
     * {@code dLogits} at the logits of {@code forward}, as {@code tf.gradients} gives them, except
     * for the weights its cuts claim: backpropagation is cut at each cut, from the top down, and
     * the cut's own ops carry the gradient on to its input while they update those weights. Nothing
     * reads a claimed weight after the forward pass, which the gradient reaching a cut already waits
     * for, so updates in place are safe there.
     */
    public Backward gradients(Ops tf, Operand<TFloat32> dLogits, List<Variable<TFloat32>> trainable, Forward forward) {
        List<Cut> cuts = forward.cuts;
        List<List<Integer>> claimed = new ArrayList<>();
        int last = -1;
        for (Cut cut : cuts) {
            List<Integer> indices = new ArrayList<>();
            for (Operand<TFloat32> w : cut.claims()) {
                int i = trainable.indexOf(w);
                if (i <= last) {
                    throw new IllegalStateException("a cut claims a weight that is not trainable, or not in layer order");
                }
                indices.add(i);
                last = i;
            }
            claimed.add(indices);
        }
        List<Operand<TFloat32>> out = new ArrayList<>(Collections.nCopies(trainable.size(), null));
        List<Op> updates = new ArrayList<>();
        Operand<TFloat32> y = forward.logits;
        Operand<TFloat32> dy = dLogits;
        int upper = trainable.size();
        for (int k = cuts.size(); k >= 0; k--) {
            List<Integer> below = k > 0 ? claimed.get(k - 1) : List.of();
            int lower = k > 0 ? below.get(below.size() - 1) + 1 : 0;
            List<Operand<?>> targets = new ArrayList<>();
            if (k > 0) {
                targets.add(cuts.get(k - 1).output());
            }
            List<Integer> asked = new ArrayList<>();
            for (int i = lower; i < upper; i++) {
                targets.add(trainable.get(i));
                asked.add(i);
            }
            Operand<TFloat32> dCut;
            if (k > 0 && asked.isEmpty() && y == cuts.get(k - 1).output()) {
                dCut = dy; // nothing between this cut and the one above: the gradient passes as it is
            } else if (targets.isEmpty()) {
                break;
            } else {
                Gradients g = tf.gradients(y, targets, Gradients.dx(List.of(dy)));
                int first = k > 0 ? 1 : 0;
                for (int a = 0; a < asked.size(); a++) {
                    out.set(asked.get(a), tf.identity(g.<TFloat32>dy(first + a)));
                }
                dCut = k > 0 ? g.<TFloat32>dy(0) : null;
            }
            if (k == 0) {
                break;
            }
            Cut cut = cuts.get(k - 1);
            List<Variable<TFloat32>> variables = below.stream().map(trainable::get).toList();
            dy = cut.backward().build(tf, dCut, variables, updates);
            y = cut.input();
            upper = below.get(0);
        }
        return new Backward(out, updates);
    }
}
