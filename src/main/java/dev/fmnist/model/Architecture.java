package dev.fmnist.model;

import java.util.Locale;

/** Which layer stack {@link Sequential#of} builds from a {@link ModelConfig}. */
public enum Architecture {
    /**
     * The lab's model: Conv2D(filters, ReLU), MaxPooling2D, [Dropout], Flatten, Dense(dense units,
     * ReLU), Dense(10, softmax).
     */
    LAB,
    /**
     * Random flips and shifts, then three blocks of Conv2D (filters, 2x, 4x) - BatchNormalization -
     * ReLU - MaxPooling2D, Flatten, Dropout, Dense(dense units) - BatchNormalization - ReLU, Dropout,
     * Dense(10, softmax).
     */
    DEEP;

    /** How many Conv2D-MaxPooling2D blocks the architecture stacks. */
    public int blocks() {
        return this == LAB ? 1 : 3;
    }

    public static Architecture parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "lab" -> LAB;
            case "deep" -> DEEP;
            default -> throw new IllegalArgumentException("architecture must be lab or deep, not " + text);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
