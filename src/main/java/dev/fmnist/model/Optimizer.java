package dev.fmnist.model;

import java.util.Locale;

/** The Keras optimizer a model trains with. */
public enum Optimizer {
    /** {@code SGD(learning_rate, momentum)}. */
    SGD,
    /** {@code Adam(learning_rate, beta_1=momentum, beta_2=0.999, epsilon=1e-7)}. */
    ADAM;

    public static final double ADAM_BETA_2 = 0.999;
    public static final double ADAM_EPSILON = 1e-7;

    public static Optimizer parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "sgd" -> SGD;
            case "adam" -> ADAM;
            default -> throw new IllegalArgumentException("optimizer must be sgd or adam, not " + text);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
