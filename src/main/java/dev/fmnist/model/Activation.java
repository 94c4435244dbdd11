package dev.fmnist.model;

import dev.fmnist.util.EnumText;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code activation} argument, and the function of its {@code Activation} layer. */
public enum Activation {
    LINEAR, RELU, SOFTMAX, SIGMOID, TANH, ELU, SELU, SOFTPLUS, SOFTSIGN, SWISH, RELU6, EXPONENTIAL;

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> tf.nn.relu(x);
            case SOFTMAX -> tf.nn.softmax(x);
            case SIGMOID -> tf.math.sigmoid(x);
            case TANH -> tf.math.tanh(x);
            case ELU -> tf.nn.elu(x);
            case SELU -> tf.nn.selu(x);
            case SOFTPLUS -> tf.math.softplus(x);
            case SOFTSIGN -> tf.nn.softsign(x);
            case SWISH -> tf.math.mul(x, tf.math.sigmoid(x));
            case RELU6 -> tf.nn.relu6(x);
            case EXPONENTIAL -> tf.math.exp(x);
        };
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
