package dev.fmnist.model;

import dev.fmnist.util.EnumText;

/** How the learning rate changes over a run. */
public enum Schedule {
    /** The same learning rate throughout, as the lab trains. */
    CONSTANT,
    /**
     * Keras' {@code CosineDecay(learning_rate, decay_steps)} with decay_steps = every step of the
     * run: {@code lr * (1 + cos(pi * step / decay_steps)) / 2}, from the full rate down to zero.
     */
    COSINE;

    /** The rate at 0-based {@code step} of {@code totalSteps}. */
    public double rate(double learningRate, long step, long totalSteps) {
        if (this == CONSTANT) {
            return learningRate;
        }
        double t = Math.min(step, totalSteps) / (double) totalSteps;
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    public static Schedule parse(String text) {
        return EnumText.parse(Schedule.class, "schedule", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
