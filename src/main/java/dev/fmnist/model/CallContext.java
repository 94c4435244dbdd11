package dev.fmnist.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TInt64;

/**
 * What a layer needs to know when it is called, beyond its input: whether this is training
 * (Keras' {@code training} argument), in training a per-step seed pair for random layers, and a
 * place to leave the state updates a training step must run (Keras' {@code layer.updates}, such as
 * BatchNormalization's moving averages).
 *
 * @param training   true in the training graph, false for evaluation and serving
 * @param stepSeed   an int64 pair that differs every step; null when not training
 * @param updates    ops the training step runs besides the weight updates; empty and fixed when not training
 * @param fused      build the blocks our native library fuses with its op (it must be loaded);
 *                   false gives stock TensorFlow ops only, as a portable SavedModel needs
 * @param cpuOps     the graph runs on the CPU with our library loaded, so our CPU-only ops (such
 *                   as dropout) may be built
 * @param products   where Dense layers record their products ({@link DenseProduct}), in call
 *                   order; null when no one asks
 */
public record CallContext(boolean training, Operand<TInt64> stepSeed, List<Op> updates, boolean fused,
                          boolean cpuOps, List<DenseProduct> products) {
    public static final CallContext INFERENCE = new CallContext(false, null, Collections.emptyList(), false, false,
            null);

    public static CallContext training(Operand<TInt64> stepSeed) {
        return new CallContext(true, stepSeed, new ArrayList<>(), false, false, null);
    }

    /** This context with the native fused op in use or not; the updates list is shared. */
    public CallContext withFused(boolean use) {
        return new CallContext(training, stepSeed, updates, use, cpuOps, products);
    }

    /** This context with our CPU-only ops in use or not; the updates list is shared. */
    public CallContext withCpuOps(boolean use) {
        return new CallContext(training, stepSeed, updates, fused, use, products);
    }

    /** This context with Dense layers recording their products into {@code into}; the updates list is shared. */
    public CallContext recordingProducts(List<DenseProduct> into) {
        return new CallContext(training, stepSeed, updates, fused, cpuOps, into);
    }

    /** Records a Dense layer's product, when this context collects them. */
    public void recordProduct(DenseProduct product) {
        if (products != null) {
            products.add(product);
        }
    }

    /** Adds an op the training step must run; only in training. */
    public void update(Op op) {
        if (!training) {
            throw new IllegalStateException("state updates exist only in training");
        }
        updates.add(op);
    }

    /**
     * The step's seed pair for random stream {@code stream}: layers that draw random numbers in
     * the same step use different streams, so their draws are independent.
     */
    public Operand<TInt64> seed(org.tensorflow.op.Ops tf, long stream) {
        return tf.math.add(stepSeed, tf.constant(new long[] {0, stream}));
    }
}
