package dev.fmnist.model;

import dev.fmnist.util.EnumText;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code activation} argument. */
public enum Activation {
    LINEAR, RELU, SOFTMAX;

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> tf.nn.relu(x);
            case SOFTMAX -> tf.nn.softmax(x);
        };
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
