package dev.fmnist.ops.fusion;

import dev.fmnist.model.CallContext;
import dev.fmnist.model.KernelLayer;
import dev.fmnist.model.Layer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One piece of a model's forward pass as the fusion pass sees it. A Conv2D or Dense layer is three
 * steps (its product, its bias, its activation), every other layer one, so that a rule can match
 * part of a layer together with the next one (a convolution's ReLU with the pooling after it).
 * Each step knows its stock form: what Keras builds for it.
 */
public sealed interface Step {
    /** Builds the step as Keras does. */
    Operand<TFloat32> stock(Ops tf, Operand<TFloat32> x, CallContext context);

    /** A layer called as a whole. */
    record Call(Layer layer) implements Step {
        @Override
        public Operand<TFloat32> stock(Ops tf, Operand<TFloat32> x, CallContext context) {
            return layer.call(tf, x, context);
        }
    }

    /** A Conv2D or Dense layer's linear map (convolution or matrix product), before its bias. */
    record Product(KernelLayer layer) implements Step {
        @Override
        public Operand<TFloat32> stock(Ops tf, Operand<TFloat32> x, CallContext context) {
            return layer.product(tf, x);
        }
    }

    /** That layer's bias, added. */
    record Bias(KernelLayer layer) implements Step {
        @Override
        public Operand<TFloat32> stock(Ops tf, Operand<TFloat32> x, CallContext context) {
            return layer.withBias(tf, x);
        }
    }

    /** That layer's activation (never linear: a linear layer has no such step). */
    record Activate(KernelLayer layer) implements Step {
        @Override
        public Operand<TFloat32> stock(Ops tf, Operand<TFloat32> x, CallContext context) {
            return layer.activation().apply(tf, x);
        }
    }
}
