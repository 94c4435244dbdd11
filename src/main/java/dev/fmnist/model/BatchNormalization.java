package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code BatchNormalization()} over the last axis, with its defaults: momentum 0.99,
 * epsilon 0.001, gamma ones, beta zeros, moving mean zeros, moving variance ones.
 *
 * <p>In training it normalises with the batch's mean and variance and moves the moving averages
 * towards them, {@code moving -= (moving - batch) * (1 - momentum)}, as Keras does; in inference
 * it normalises with the moving averages. Like Keras' fused path it uses TensorFlow's
 * {@code FusedBatchNormV3}, whose batch variance for the moving average carries Bessel's
 * correction (n / (n - 1)). Works on feature maps [H, W, C] and on vectors [C].
 */
public final class BatchNormalization implements Layer {
    public static final double MOMENTUM = 0.99;
    public static final float EPSILON = 1e-3f;

    private final String name;
    private Operand<TFloat32> gamma;
    private Operand<TFloat32> beta;
    private Operand<TFloat32> movingMean;
    private Operand<TFloat32> movingVariance;
    private long[] inputShape;

    public BatchNormalization(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        inputShape = in.clone();
        Shape channels = Shape.of(in[in.length - 1]);
        gamma = weights.weight(name + "/gamma", channels, Initializer.ONES);
        beta = weights.weight(name + "/beta", channels, Initializer.ZEROS);
        movingMean = weights.nonTrainable(name + "/moving_mean", channels, Initializer.ZEROS);
        movingVariance = weights.nonTrainable(name + "/moving_variance", channels, Initializer.ONES);
        return in.clone();
    }

    @Override
    public long paramCount() {
        return 4 * inputShape[inputShape.length - 1];
    }

    @Override
    public long nonTrainableParamCount() {
        return 2 * inputShape[inputShape.length - 1];
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        boolean vector = inputShape.length == 1;
        Operand<TFloat32> in = vector ? tf.reshape(x, tf.constant(new long[] {-1, 1, 1, inputShape[0]})) : x;
        Operand<TFloat32> y;
        if (context.training()) {
            Operand<TFloat32> none = tf.constant(new float[0]);
            FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(in, gamma, beta, none, none,
                    FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(true));
            Operand<TFloat32> decay = tf.constant((float) (1 - MOMENTUM));
            context.update(tf.assignSub(variable(movingMean),
                    tf.math.mul(tf.math.sub(movingMean, bn.batchMean()), decay)));
            context.update(tf.assignSub(variable(movingVariance),
                    tf.math.mul(tf.math.sub(movingVariance, bn.batchVariance()), decay)));
            y = bn.y();
        } else {
            y = tf.nn.fusedBatchNorm(in, gamma, beta, movingMean, movingVariance,
                    FusedBatchNorm.epsilon(EPSILON), FusedBatchNorm.isTraining(false)).y();
        }
        return vector ? tf.reshape(y, tf.constant(new long[] {-1, inputShape[0]})) : y;
    }

    @SuppressWarnings("unchecked")
    private Variable<TFloat32> variable(Operand<TFloat32> w) {
        if (w instanceof Variable<?> v) {
            return (Variable<TFloat32>) v;
        }
        throw new IllegalStateException(name + " needs variables for its moving averages to train");
    }
}
