package dev.fmnist.train.optimizers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Keras' {@code LearningRateSchedule}: the learning rate as a function of the training step, in the graph. */
public interface LearningRateSchedule {
    /** The learning rate of 1-based training step {@code step}. */
    Operand<TFloat32> rate(Ops tf, Operand<TInt64> step);

    /** The same learning rate at every step, as the lab trains (Keras' {@code learning_rate=0.01}). */
    record Constant(double learningRate) implements LearningRateSchedule {
        @Override
        public Operand<TFloat32> rate(Ops tf, Operand<TInt64> step) {
            return tf.constant((float) learningRate);
        }
    }
}
