package dev.fmnist.train.optimizers;

import dev.fmnist.model.ModelConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Keras' {@code LearningRateSchedule}: the learning rate as a function of the training step, in the graph. */
public interface LearningRateSchedule {
    /** The learning rate of 1-based training step {@code step}. */
    Operand<TFloat32> rate(Ops tf, Operand<TInt64> step);

    /**
     * The schedule {@code config} asks for.
     *
     * @param decaySteps a scalar the trainer sets to the steps of the current fit
     */
    static LearningRateSchedule of(ModelConfig config, Operand<TFloat32> decaySteps) {
        return switch (config.schedule()) {
            case CONSTANT -> new Constant(config.learningRate());
            case COSINE -> new CosineDecay(config.learningRate(), decaySteps);
        };
    }

    /** The same learning rate at every step, as the lab trains (Keras' {@code learning_rate=0.01}). */
    record Constant(double learningRate) implements LearningRateSchedule {
        @Override
        public Operand<TFloat32> rate(Ops tf, Operand<TInt64> step) {
            return tf.constant((float) learningRate);
        }
    }
}
