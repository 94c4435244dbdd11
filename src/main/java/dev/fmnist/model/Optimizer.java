package dev.fmnist.model;

import dev.fmnist.util.EnumText;

/** The Keras optimizer a model trains with, by name (the optimizers themselves are in {@code train.optimizers}). */
public enum Optimizer {
    /** {@code SGD(learning_rate, momentum)}. */
    SGD,
    /** {@code Adam(learning_rate, beta_1=momentum, beta_2=0.999, epsilon=1e-7)}. */
    ADAM;

    public static Optimizer parse(String text) {
        return EnumText.parse(Optimizer.class, "optimizer", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
