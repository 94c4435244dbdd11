package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code BatchNormalization(momentum, epsilon, center, scale)} over the last axis, by
 * default with Keras' defaults: momentum 0.99, epsilon 0.001, gamma ones, beta zeros, moving mean
 * zeros, moving variance ones. Without {@code scale} there is no gamma (it is 1), without
 * {@code center} no beta (it is 0), as in Keras.
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
    private final double momentum;
    private final float epsilon;
    private final boolean center;
    private final boolean scale;
    private Operand<TFloat32> gamma;
    private Operand<TFloat32> beta;
    private Operand<TFloat32> movingMean;
    private Operand<TFloat32> movingVariance;
    private long[] inputShape;

    public BatchNormalization(String name) {
        this(name, MOMENTUM, EPSILON, true, true);
    }

    public BatchNormalization(String name, double momentum, float epsilon, boolean center, boolean scale) {
        this.name = name;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("axis", -1);
        c.put("momentum", momentum);
        c.put("epsilon", (double) epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("beta_initializer", Initializer.ZEROS.kerasConfig());
        c.put("gamma_initializer", Initializer.ONES.kerasConfig());
        c.put("moving_mean_initializer", Initializer.ZEROS.kerasConfig());
        c.put("moving_variance_initializer", Initializer.ONES.kerasConfig());
        c.put("beta_regularizer", null);
        c.put("gamma_regularizer", null);
        c.put("beta_constraint", null);
        c.put("gamma_constraint", null);
        c.put("synchronized", false);
        return c;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        inputShape = in.clone();
        Shape channels = Shape.of(in[in.length - 1]);
        gamma = scale ? weights.weight(name + "/gamma", channels, Initializer.ONES) : null;
        beta = center ? weights.weight(name + "/beta", channels, Initializer.ZEROS) : null;
        movingMean = weights.nonTrainable(name + "/moving_mean", channels, Initializer.ZEROS);
        movingVariance = weights.nonTrainable(name + "/moving_variance", channels, Initializer.ONES);
        return in.clone();
    }

    @Override
    public long paramCount() {
        return (2 + (center ? 1 : 0) + (scale ? 1 : 0)) * inputShape[inputShape.length - 1];
    }

    @Override
    public long nonTrainableParamCount() {
        return 2 * inputShape[inputShape.length - 1];
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        // FusedBatchNorm takes [N, H, W, C]; vectors and other ranks are viewed as such.
        boolean reshaped = inputShape.length != 3;
        long channels = inputShape[inputShape.length - 1];
        long positions = 1;
        for (int i = 0; i < inputShape.length - 1; i++) {
            positions *= inputShape[i];
        }
        Operand<TFloat32> in = reshaped ? tf.reshape(x, tf.constant(new long[] {-1, 1, positions, channels})) : x;
        Operand<TFloat32> gamma = scale ? this.gamma : tf.fill(tf.constant(new long[] {channels}), tf.constant(1f));
        Operand<TFloat32> beta = center ? this.beta : tf.zeros(tf.constant(new long[] {channels}), TFloat32.class);
        Operand<TFloat32> y;
        if (context.training()) {
            Operand<TFloat32> none = tf.constant(new float[0]);
            FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(in, gamma, beta, none, none,
                    FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(true));
            Operand<TFloat32> decay = tf.constant((float) (1 - momentum));
            context.update(tf.assignSub(variable(movingMean),
                    tf.math.mul(tf.math.sub(movingMean, bn.batchMean()), decay)));
            context.update(tf.assignSub(variable(movingVariance),
                    tf.math.mul(tf.math.sub(movingVariance, bn.batchVariance()), decay)));
            y = bn.y();
        } else {
            y = tf.nn.fusedBatchNorm(in, gamma, beta, movingMean, movingVariance,
                    FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(false)).y();
        }
        if (!reshaped) {
            return y;
        }
        return tf.reshape(y, tf.constant(Shapes.withBatch(inputShape)));
    }

    @SuppressWarnings("unchecked")
    private Variable<TFloat32> variable(Operand<TFloat32> w) {
        if (w instanceof Variable<?> v) {
            return (Variable<TFloat32>) v;
        }
        throw new IllegalStateException(name + " needs variables for its moving averages to train");
    }
}
