package dev.fmnist.train.optimizers;

import dev.fmnist.ops.fusion.Fusion;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * Keras' {@code SGD(learning_rate, momentum)}: {@code v = m*v - lr*g; w = w + v}. TensorFlow's
 * ApplyMomentum does {@code a = m*a + g; w = w - lr*a}; with a constant learning rate the two are
 * the same update, since v = -lr*a at every step. (Under a schedule the accumulator keeps the
 * gradients unscaled, as TensorFlow's own momentum optimizer does.)
 */
public final class SGD extends Optimizer {
    private final double momentum;

    public SGD(LearningRateSchedule schedule, double momentum) {
        super(schedule);
        this.momentum = momentum;
    }

    @Override
    public Fusion.Momentum fusable(Ops tf, Operand<TInt64> step) {
        return new Fusion.Momentum(schedule.rate(tf, step), tf.constant((float) momentum),
                kernel -> slot(tf, kernel, "momentum"));
    }

    @Override
    protected Update prepare(Ops tf, Operand<TInt64> step) {
        Fusion.Momentum m = fusable(tf, step); // the same update our fused op applies
        return (after, w, g) -> after.train.applyMomentum(w, m.accumulator().apply(w), m.learningRate(), g,
                m.momentum());
    }
}
