package dev.fmnist.model;

import dev.fmnist.util.EnumText;
import org.tensorflow.Operand;
import org.tensorflow.framework.activations.ELU;
import org.tensorflow.framework.activations.Exponential;
import org.tensorflow.framework.activations.Linear;
import org.tensorflow.framework.activations.SELU;
import org.tensorflow.framework.activations.Sigmoid;
import org.tensorflow.framework.activations.Softplus;
import org.tensorflow.framework.activations.Softsign;
import org.tensorflow.framework.activations.Swish;
import org.tensorflow.framework.activations.Tanh;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code activation} argument, and the function of its {@code Activation} layer: each one
 * TensorFlow Java Framework's activation of the same Keras name (the same ops as our own code
 * built, bit for bit), but softmax.
 */
public enum Activation {
    LINEAR(new Linear()),
    RELU(new org.tensorflow.framework.activations.ReLU()),
    /**
     * TensorFlow's Softmax op, as Keras builds it: the framework's {@code Softmax} (1.1.0) sums
     * in another order and rounds differently from it.
     */
    SOFTMAX(null),
    SIGMOID(new Sigmoid()),
    TANH(new Tanh()),
    ELU(new ELU()),
    SELU(new SELU()),
    SOFTPLUS(new Softplus()),
    SOFTSIGN(new Softsign()),
    SWISH(new Swish()),
    /** The framework's ReLU capped at 6, which builds TensorFlow's Relu6 op. */
    RELU6(new org.tensorflow.framework.activations.ReLU(0f, 6f, 0f)),
    EXPONENTIAL(new Exponential());

    private final org.tensorflow.framework.activations.Activation function;

    Activation(org.tensorflow.framework.activations.Activation function) {
        this.function = function;
    }

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return function == null ? tf.nn.softmax(x) : function.call(tf, x);
    }

    /** The activation Keras calls {@code name}; {@code silu} is swish's other name. */
    public static Activation parse(String name) {
        return EnumText.parse(Activation.class, "activation", name.equals("silu") ? "swish" : name);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
