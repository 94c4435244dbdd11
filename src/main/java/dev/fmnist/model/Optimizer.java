package dev.fmnist.model;

import dev.fmnist.util.EnumText;

/** The Keras optimizer a model trains with. */
public enum Optimizer {
    /** {@code SGD(learning_rate, momentum)}. */
    SGD,
    /** {@code Adam(learning_rate, beta_1=momentum, beta_2=0.999, epsilon=1e-7)}. */
    ADAM;

    public static final double ADAM_BETA_2 = 0.999;
    public static final double ADAM_EPSILON = 1e-7;

    public static Optimizer parse(String text) {
        return EnumText.parse(Optimizer.class, "optimizer", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
