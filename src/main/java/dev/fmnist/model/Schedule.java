package dev.fmnist.model;

import dev.fmnist.util.EnumText;

/** How the learning rate changes over a run, by name (the schedules themselves are in {@code train.optimizers}). */
public enum Schedule {
    /** The same learning rate throughout, as the lab trains. */
    CONSTANT,
    /**
     * Keras' {@code CosineDecay(learning_rate, decay_steps)} with decay_steps = every step of the
     * run: {@code lr * (1 + cos(pi * step / decay_steps)) / 2}, from the full rate down to zero.
     */
    COSINE;

    public static Schedule parse(String text) {
        return EnumText.parse(Schedule.class, "schedule", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
