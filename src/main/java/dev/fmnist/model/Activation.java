package dev.fmnist.model;

import dev.fmnist.util.EnumText;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code activation} argument, and the function of its {@code Activation} layer. */
public enum Activation {
    LINEAR, RELU, SOFTMAX, SIGMOID, TANH;

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> tf.nn.relu(x);
            case SOFTMAX -> tf.nn.softmax(x);
            case SIGMOID -> tf.math.sigmoid(x);
            case TANH -> tf.math.tanh(x);
        };
    }

    /** The activation Keras calls {@code name} (relu, softmax, linear, sigmoid, tanh). */
    public static Activation parse(String name) {
        return EnumText.parse(Activation.class, "activation", name);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
