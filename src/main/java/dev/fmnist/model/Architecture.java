package dev.fmnist.model;

import dev.fmnist.util.EnumText;

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
        return EnumText.parse(Architecture.class, "architecture", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
