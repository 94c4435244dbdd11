package dev.fmnist.model;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A Keras-style layer: configured at construction, built once for an input shape (creating its
 * weights), then called on tensors. Shapes exclude the batch dimension.
 */
public interface Layer {
    /** The Keras name, e.g. {@code conv2d} or {@code dense_1}. */
    String name();

    /** The Keras class name, e.g. {@code Conv2D}. */
    default String typeName() {
        return getClass().getSimpleName();
    }

    /** Creates the weights for {@code inputShape} and returns the output shape. */
    long[] build(long[] inputShape, WeightStore weights);

    /** The number of weights this layer holds once built, trainable or not. */
    long paramCount();

    /** How many of {@link #paramCount} no gradient reaches (Keras' non-trainable params). */
    default long nonTrainableParamCount() {
        return 0;
    }

    /**
     * Keras' {@code get_config()} without the keys every layer shares (name, trainable, dtype):
     * what a Keras model file records of this layer, in Keras 3's key order.
     */
    Map<String, Object> getConfig();

    /** Whether the layer's output is a softmax: class probabilities, when it is a model's last layer. */
    default boolean outputsSoftmax() {
        return Activation.SOFTMAX.toString().equals(getConfig().get("activation"));
    }

    /** Applies the layer; {@link #build} has been called. */
    Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context);
}
