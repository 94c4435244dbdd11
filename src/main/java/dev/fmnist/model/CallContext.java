package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TInt64;

/**
 * What a layer needs to know when it is called, beyond its input: whether this is training
 * (Keras' {@code training} argument) and, in training, a per-step seed pair for random layers.
 *
 * @param training   true in the training graph, false for evaluation and serving
 * @param stepSeed   an int64 pair that differs every step; null when not training
 */
public record CallContext(boolean training, Operand<TInt64> stepSeed) {
    public static final CallContext INFERENCE = new CallContext(false, null);

    public static CallContext training(Operand<TInt64> stepSeed) {
        return new CallContext(true, stepSeed);
    }
}
