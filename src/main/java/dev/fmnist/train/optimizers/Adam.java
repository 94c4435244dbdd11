package dev.fmnist.train.optimizers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras' {@code Adam(learning_rate, beta_1, beta_2=0.999, epsilon=1e-7)}: {@code m = b1*m + (1-b1)*g;
 * v = b2*v + (1-b2)*g^2; w -= lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)} at 1-based step t,
 * which is TensorFlow's ApplyAdam, the op Keras itself runs, with the beta powers computed as Keras
 * computes them: {@code pow(beta, t)}.
 */
public final class Adam extends Optimizer {
    public static final double BETA_2 = 0.999;
    public static final double EPSILON = 1e-7;

    private final double beta1;

    public Adam(LearningRateSchedule schedule, double beta1) {
        super(schedule);
        this.beta1 = beta1;
    }

    @Override
    protected Update prepare(Ops tf, Operand<TInt64> step) {
        Operand<TFloat32> lr = schedule.rate(tf, step);
        Operand<TFloat32> b1 = tf.constant((float) beta1);
        Operand<TFloat32> b2 = tf.constant((float) BETA_2);
        Operand<TFloat32> t = tf.dtypes.cast(step, TFloat32.class);
        Operand<TFloat32> b1Power = tf.math.pow(b1, t);
        Operand<TFloat32> b2Power = tf.math.pow(b2, t);
        Operand<TFloat32> epsilon = tf.constant((float) EPSILON);
        return (after, w, g) -> after.train.applyAdam(w, slot(tf, w, "m"), slot(tf, w, "v"), b1Power, b2Power,
                lr, b1, b2, epsilon, g);
    }
}
