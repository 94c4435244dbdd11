package dev.fmnist.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * What a layer needs to know when it is called, beyond its input: whether this is training
 * (Keras' {@code training} argument), in training a per-step seed pair for random layers, and a
 * place to leave the state updates a training step must run (Keras' {@code layer.updates}, such as
 * BatchNormalization's moving averages). How the layers are run (which kernels) is not its business.
 *
 * @param training true in the training graph, false for evaluation and serving
 * @param stepSeed an int64 pair that differs every step; null when not training
 * @param updates  ops the training step runs besides the weight updates; empty and fixed when not training
 */
public record CallContext(boolean training, Operand<TInt64> stepSeed, List<Op> updates) {
    /**
     * The first random stream of the augmentation layers: the ones below are dropout's (a dropout
     * layer draws from its layer index).
     */
    public static final long AUGMENTATION_STREAMS = 1000;

    public static final CallContext INFERENCE = new CallContext(false, null, Collections.emptyList());

    public static CallContext training(Operand<TInt64> stepSeed) {
        return new CallContext(true, stepSeed, new ArrayList<>());
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
    public Operand<TInt64> seed(Ops tf, long stream) {
        return tf.math.add(stepSeed, tf.constant(new long[] {0, stream}));
    }
}
